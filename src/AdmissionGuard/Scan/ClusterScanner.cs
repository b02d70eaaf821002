using System.Net;
using AdmissionGuard.Cli.Output;
using AdmissionGuard.Scan.Api;

namespace AdmissionGuard.Scan;

/// <summary>
/// Reads every object of the kinds the enabled policies target, in one namespace or all, and
/// judges each (<see cref="LiveObjectJudge"/>). A kind the server does not serve is noted; a kind
/// it may not list (403) is skipped and reported; any other failed call is an error of the run.
/// Objects are judged one at a time, each dropped once judged: a scan holds a page of objects,
/// not the cluster.
/// </summary>
internal sealed class ClusterScanner(KubeApi api, PolicyEngine engine, TimeProvider? time = null, int pageSize = ObjectLister.DefaultPageSize)
{
    /// <summary>Every this many objects the scan yields its thread, so that a background scan stays a guest.</summary>
    private const int YieldEvery = 64;

    public async Task<ScanResult> ScanAsync(string? ns, CancellationToken cancellationToken)
    {
        var started = (time ?? TimeProvider.System).GetUtcNow();
        var discovery = new ResourceDiscovery(api);
        var lister = new ObjectLister(api, pageSize);
        var judge = new LiveObjectJudge(engine);
        var sources = new ScanSources();
        var objects = new List<CheckedObject>();
        var findings = new List<ReportFinding>();
        var forbidden = new List<SkippedDocument>();
        var errors = new List<InputError>();
        var live = new Dictionary<CheckedObject, LiveObject>();
        var notes = new List<string>(ExclusionNotes(engine.Policies));
        var positions = new Dictionary<ManifestSource, int>();
        var targeted = TargetedKinds(engine.Policies);
        var controllerMade = 0;

        foreach (var kind in targeted)
        {
            ApiResource? resource;
            try
            {
                resource = await discovery.FindAsync(kind, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Status == HttpStatusCode.Forbidden)
            {
                forbidden.Add(new SkippedDocument(sources.ForResource(kind.ToString()), 0, 0, $"discovery of {kind.ApiVersion} is forbidden: {e.Message}"));
                continue;
            }
            catch (Exception e) when (IsCallFailure(e, cancellationToken))
            {
                errors.Add(new InputError(kind.ToString(), 0, $"discovery failed: {Describe(e)}"));
                continue;
            }

            if (resource is null)
            {
                notes.Add($"{kind} is not served by this cluster: nothing to scan");
                continue;
            }

            if (ns is not null && !resource.Namespaced)
            {
                notes.Add($"{resource.Name} is cluster-scoped: not scanned with --namespace");
                continue;
            }

            if (!resource.Listable)
            {
                notes.Add($"{resource.Name} cannot be listed (no list verb): not scanned");
                continue;
            }

            var count = 0;
            try
            {
                await foreach (var obj in lister.ListAsync(resource, ns, cancellationToken).ConfigureAwait(false))
                {
                    if (OwnedByTargetedController(obj, targeted))
                    {
                        controllerMade++;
                        continue;
                    }

                    var source = sources.ForNamespace(obj["metadata"]?["namespace"]?.GetValue<string>());
                    var position = positions[source] = positions.GetValueOrDefault(source) + 1;
                    var judged = judge.Judge(obj, kind, source, position);
                    objects.Add(judged.Object);
                    findings.AddRange(judged.Findings);
                    live[judged.Object] = judged.Live;
                    if (judged.Error is { } error)
                    {
                        errors.Add(new InputError(source.Name, 0, $"{judged.Object.Display}: {error}"));
                    }

                    if (++count % YieldEvery == 0)
                    {
                        await Task.Yield();
                    }
                }
            }
            catch (KubeApiException e) when (e.Status == HttpStatusCode.Forbidden)
            {
                forbidden.Add(new SkippedDocument(sources.ForResource(resource.Name), 0, 0, $"list {resource.Name} is forbidden: {e.Message}"));
            }
            catch (Exception e) when (IsCallFailure(e, cancellationToken))
            {
                errors.Add(new InputError("resources/" + resource.Name, 0, $"list failed: {Describe(e)}"));
            }
        }

        if (controllerMade > 0)
        {
            notes.Add($"{controllerMade} object(s) made by a controller from a template the scan judged at their owner (a ReplicaSet of a Deployment, the Pods of a workload, the Jobs of a CronJob) were not judged again");
        }

        var report = new CheckReport(sources.All, objects, findings, forbidden, errors, [], engine.Policies, []);
        return new ScanResult(report, live, notes, forbidden, ns, started);
    }

    /// <summary>A refused or failed call, a timeout, an answer that is not JSON: an error of the run, not a crash.</summary>
    private static bool IsCallFailure(Exception e, CancellationToken cancellationToken) =>
        e is KubeApiException or HttpRequestException or JsonException
        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>What went wrong, in the call's terms; a JSON error names its position, never the text read.</summary>
    private static string Describe(Exception e) => e switch
    {
        TaskCanceledException => "the API server did not answer in time",
        JsonException => "the answer is not valid JSON",
        _ => e.Message,
    };

    /// <summary>Every kind an enabled policy targets, in a stable order.</summary>
    public static IReadOnlyList<GroupVersionKind> TargetedKinds(PolicySet policies) =>
        policies.Bindings
            .Where(b => b.Settings.Action != PolicyAction.Off)
            .SelectMany(b => b.Settings.Kinds)
            .Distinct()
            .OrderBy(k => k.Group, StringComparer.Ordinal)
            .ThenBy(k => k.Kind, StringComparer.Ordinal)
            .ThenBy(k => k.Version, StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// True when the object's controller (the owner reference with <c>controller: true</c>) is of
    /// a kind the scan judges: the owner's template was judged there, and judging each copy again
    /// would repeat every finding once per replica.
    /// </summary>
    private static bool OwnedByTargetedController(JsonObject obj, IReadOnlyList<GroupVersionKind> targeted)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray owners)
        {
            return false;
        }

        foreach (var owner in owners.OfType<JsonObject>())
        {
            if (owner["controller"] is JsonValue c && c.TryGetValue<bool>(out var isController) && isController
                && owner["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var apiVersion)
                && owner["kind"] is JsonValue k && k.TryGetValue<string>(out var kind))
            {
                return targeted.Contains(GroupVersionKind.FromApiVersion(apiVersion, kind));
            }
        }

        return false;
    }

    /// <summary>User, group and service-account exclusions match the request's author; a scan has no request, so they cannot apply.</summary>
    public static IEnumerable<string> ExclusionNotes(PolicySet policies)
    {
        foreach (var binding in policies.Bindings.Where(b => b.Settings.Action != PolicyAction.Off))
        {
            var exclude = binding.Settings.Exclude;
            var kinds = new List<string>();
            if (exclude.Users.Count > 0)
            {
                kinds.Add("users");
            }

            if (exclude.Groups.Count > 0)
            {
                kinds.Add("groups");
            }

            if (exclude.ServiceAccounts.Count > 0)
            {
                kinds.Add("service accounts");
            }

            if (kinds.Count > 0)
            {
                yield return $"{binding.Id} excludes {string.Join(", ", kinds)}: a scan judges stored objects, not requests, so these exclusions do not apply to it";
            }
        }
    }
}

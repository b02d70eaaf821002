using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Scan.Reports;

/// <summary>
/// Turns a scan into OpenReports (<c>openreports.io/v1alpha1</c>, what Policy Reporter reads):
/// a <c>Report</c> named <see cref="ReportName"/> per namespace and a <c>ClusterReport</c> for
/// cluster-scoped objects. One result per object and policy that did not pass, with the resource
/// reference, <c>fail</c> (the webhook denies it) or <c>warn</c> (allowed with a warning,
/// recorded under audit, or changed by a mutation), the message, and properties naming the field
/// path, the applier, the action and check's own result word. Passes are counted, and listed with
/// <see cref="Options.IncludePasses"/>. Results past <see cref="Options.MaxResults"/> are cut
/// (passes first, then warnings), still counted in the summary, and the number cut is recorded in
/// the <see cref="CutAnnotation"/> annotation: the CRD's summary has no field for it, and the API
/// server would prune one it does not know.
/// </summary>
internal static class OpenReportsBuilder
{
    public const string ApiVersion = "openreports.io/v1alpha1";
    public const string Source = "admission-guard";

    /// <summary>Each report is named after its source: one per namespace, one cluster report.</summary>
    public const string ReportName = Source;

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string CutAnnotation = "admission-guard.io/results-cut";
    public const int DefaultMaxResults = 1000;

    public sealed record Options(bool IncludePasses = false, int MaxResults = DefaultMaxResults);

    /// <summary>A report's namespace (null for the ClusterReport) and its content.</summary>
    public sealed record Built(string? Namespace, JsonObject Report, int Cut);

    public static IReadOnlyList<Built> Build(ScanResult scan, Options options)
    {
        var findingsByObject = scan.Report.Findings.ToLookup(f => f.Object);
        var groups = scan.Report.Objects.GroupBy(o => string.IsNullOrEmpty(o.Namespace) ? null : o.Namespace);
        var built = new List<Built>();
        foreach (var group in groups.OrderBy(g => g.Key ?? string.Empty, StringComparer.Ordinal))
        {
            var results = new List<Result>();
            foreach (var obj in group)
            {
                results.AddRange(ResultsOf(obj, findingsByObject[obj], scan.Live.GetValueOrDefault(obj)));
            }

            // Nothing here in any policy's scope (kube-system and the like, excluded by every policy): no report.
            if (results.Count > 0)
            {
                built.Add(Report(group.Key, results, scan, options));
            }
        }

        // With --namespace, that namespace's report is written even when it has nothing in it, so that stale results go.
        if (scan.Namespace is { } only && built.All(b => b.Namespace != only))
        {
            built.Add(Report(only, [], scan, options));
        }

        return built;
    }

    /// <summary>Every object-policy result of the scan, passes included, counted by policy and result (fail, warn, pass).</summary>
    public static IEnumerable<(string Policy, string Result, int Count)> Count(ScanResult scan)
    {
        var findingsByObject = scan.Report.Findings.ToLookup(f => f.Object);
        return scan.Report.Objects
            .SelectMany(o => ResultsOf(o, findingsByObject[o], null))
            .GroupBy(r => (r.Policy, r.Outcome))
            .Select(g => (g.Key.Policy, g.Key.Outcome, g.Count()));
    }

    /// <summary>A report for <paramref name="ns"/> with no results: what replaces one whose objects are gone or clean.</summary>
    public static JsonObject Empty(string? ns, ScanResult scan, Options options) => Report(ns, [], scan, options).Report;

    private sealed record Result(CheckedObject Object, LiveObject? Live, string Policy, string Outcome, string Message, IReadOnlyList<ReportFinding> Findings, PolicyAction Action)
    {
        /// <summary>The PolicyException of a <c>skip</c>.</summary>
        public Core.Exceptions.PolicyException? Exception { get; init; }

        public int Rank => Outcome switch { "fail" => 0, "warn" => 1, _ => 2 };
    }

    private static IEnumerable<Result> ResultsOf(CheckedObject obj, IEnumerable<ReportFinding> findings, LiveObject? live)
    {
        var byPolicy = findings.GroupBy(f => f.Policy).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        foreach (var policy in obj.Results)
        {
            if (policy.Result == PolicyResultKind.Excepted)
            {
                // Excepted: skip, naming the exception and its expiry, with what it excepts.
                var excepted = byPolicy.GetValueOrDefault(policy.PolicyId) ?? [];
                var message = excepted.Length > 0
                    ? string.Join("; ", excepted.Select(l => l.Message).Distinct(StringComparer.Ordinal))
                    : $"excepted by {policy.Reason}";
                yield return new Result(obj, live, policy.PolicyId, "skip", message, excepted, policy.Action) { Exception = policy.Exception };
            }
            else if (byPolicy.TryGetValue(policy.PolicyId, out var lines))
            {
                var outcome = lines.Any(l => l.Result == FindingResult.Deny) ? "fail" : "warn";
                var message = string.Join("; ", lines.Select(l => l.Message).Distinct(StringComparer.Ordinal));
                yield return new Result(obj, live, policy.PolicyId, outcome, message, lines, policy.Action);
            }
            else if (policy.Result != PolicyResultKind.Excluded)
            {
                yield return new Result(obj, live, policy.PolicyId, "pass", "passed", [], policy.Action);
            }
        }
    }

    private static Built Report(string? ns, List<Result> all, ScanResult scan, Options options)
    {
        var listed = all.Where(r => r.Outcome != "pass" || options.IncludePasses)
            .OrderBy(r => r.Rank)
            .ThenBy(r => r.Object.Kind, StringComparer.Ordinal)
            .ThenBy(r => r.Object.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Policy, StringComparer.Ordinal)
            .ToList();
        var cut = Math.Max(0, listed.Count - options.MaxResults);
        var kept = listed.Take(options.MaxResults);

        var metadata = new JsonObject
        {
            ["name"] = ReportName,
            ["labels"] = new JsonObject { [ManagedByLabel] = Source },
        };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (cut > 0)
        {
            metadata["annotations"] = new JsonObject { [CutAnnotation] = cut.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        var statusFilter = new JsonArray("fail", "warn", "skip");
        if (options.IncludePasses)
        {
            // JsonArray.Add(JsonNode), not the generic Add<T>, which trimming and AOT cannot check.
            statusFilter.Add((JsonNode)"pass");
        }

        var results = new JsonArray();
        foreach (var r in kept)
        {
            results.Add((JsonNode)ResultJson(r, scan.Started));
        }

        var report = new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = ns is null ? "ClusterReport" : "Report",
            ["metadata"] = metadata,
            ["source"] = Source,
            ["configuration"] = new JsonObject
            {
                ["limits"] = new JsonObject { ["maxResults"] = options.MaxResults, ["statusFilter"] = statusFilter },
            },
            ["summary"] = new JsonObject
            {
                ["pass"] = all.Count(r => r.Outcome == "pass"),
                ["fail"] = all.Count(r => r.Outcome == "fail"),
                ["warn"] = all.Count(r => r.Outcome == "warn"),
                ["error"] = 0,
                ["skip"] = all.Count(r => r.Outcome == "skip"),
            },
            ["results"] = results,
        };
        return new Built(ns, report, cut);
    }

    private static JsonObject ResultJson(Result r, DateTimeOffset at)
    {
        var o = r.Object;
        var resource = new JsonObject
        {
            ["apiVersion"] = o.ApiVersion,
            ["kind"] = o.Kind,
            ["name"] = o.Name ?? string.Empty,
        };
        if (!string.IsNullOrEmpty(o.Namespace))
        {
            resource["namespace"] = o.Namespace;
        }

        if (r.Live is { Uid.Length: > 0 } live)
        {
            resource["uid"] = live.Uid;
        }

        var properties = new JsonObject { ["action"] = r.Action.ToWire() };
        if (r.Live is { } liveObject)
        {
            properties["applier"] = liveObject.ApplierName;
            properties["manager"] = liveObject.Applier.ToWire();
        }

        if (r.Exception is { } exception)
        {
            properties["exception"] = $"{exception.Namespace}/{exception.Name}";
            properties["expiresAt"] = exception.ExpiryText;
            if (exception.Ticket is { Length: > 0 } ticket)
            {
                properties["ticket"] = ticket;
            }
        }

        if (r.Findings.Count > 0)
        {
            properties["result"] = string.Join(",", r.Findings.Select(f => f.Result.ToWire()).Distinct(StringComparer.Ordinal));
            var paths = r.Findings.Select(f => f.Path).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            if (paths.Length > 0)
            {
                properties["path"] = string.Join(", ", paths);
            }

            var fixes = r.Findings.Select(f => f.Fix).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            if (fixes.Length > 0)
            {
                properties["fix"] = string.Join("; ", fixes);
            }
        }

        return new JsonObject
        {
            ["source"] = Source,
            ["policy"] = r.Policy,
            ["result"] = r.Outcome,
            ["scored"] = true,
            ["message"] = r.Message,
            ["resources"] = new JsonArray(resource),
            ["properties"] = properties,
            ["timestamp"] = new JsonObject { ["seconds"] = at.ToUnixTimeSeconds(), ["nanos"] = 0 },
        };
    }
}

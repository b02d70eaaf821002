using System.Globalization;
using System.Net;
using AdmissionGuard.Scan.Api;

namespace AdmissionGuard.Scan;

/// <summary>
/// One holder at a time through a <c>coordination.k8s.io/v1</c> Lease, the way client-go's
/// leader election does it: the holder renews <c>renewTime</c> well within
/// <c>leaseDurationSeconds</c>; anyone may take a Lease whose renewal is older than that.
/// Every write is an update at the read <c>resourceVersion</c> (or a create), so when two
/// replicas race, the API server lets one win (409 Conflict for the other). Needs get, create
/// and update on that one Lease.
/// </summary>
internal sealed class LeaseElector(KubeApi api, string ns, string name, string identity, TimeSpan duration, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public string Identity => identity;

    public TimeSpan Duration => duration;

    private string Path => $"/apis/coordination.k8s.io/v1/namespaces/{Uri.EscapeDataString(ns)}/leases/{Uri.EscapeDataString(name)}";

    /// <summary>Takes or renews the Lease; true when this replica holds it afterwards.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        JsonObject? current;
        try
        {
            current = await api.GetAsync(Path, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            current = null;
        }

        try
        {
            if (current is null)
            {
                await api.CreateAsync($"/apis/coordination.k8s.io/v1/namespaces/{Uri.EscapeDataString(ns)}/leases", Lease(null, now, now, 0), cancellationToken).ConfigureAwait(false);
                return true;
            }

            var spec = current["spec"] as JsonObject;
            var holder = spec?["holderIdentity"]?.GetValue<string>();
            var renewed = Time(spec?["renewTime"]) ?? Time(spec?["acquireTime"]);
            var seconds = spec?["leaseDurationSeconds"] is JsonValue d && d.TryGetValue<int>(out var s) ? s : (int)duration.TotalSeconds;
            var held = holder == identity;
            var expired = holder is null || holder.Length == 0 || renewed is null || now - renewed.Value > TimeSpan.FromSeconds(seconds);
            if (!held && !expired)
            {
                return false;
            }

            var transitions = spec?["leaseTransitions"] is JsonValue t && t.TryGetValue<int>(out var n) ? n : 0;
            var acquired = held ? Time(spec?["acquireTime"]) ?? now : now;
            var version = current["metadata"]?["resourceVersion"]?.GetValue<string>();
            await api.ReplaceAsync(Path, Lease(version, acquired, now, held ? transitions : transitions + 1), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException e) when (e.Status is HttpStatusCode.Conflict)
        {
            // Another replica wrote first (AlreadyExists or a newer resourceVersion): it holds the Lease.
            return false;
        }
    }

    private JsonObject Lease(string? resourceVersion, DateTimeOffset acquired, DateTimeOffset renewed, int transitions)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = identity,
                ["leaseDurationSeconds"] = (int)duration.TotalSeconds,
                ["acquireTime"] = MicroTime(acquired),
                ["renewTime"] = MicroTime(renewed),
                ["leaseTransitions"] = transitions,
            },
        };
    }

    /// <summary>The API's MicroTime: RFC 3339 with microseconds, in UTC.</summary>
    private static string MicroTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}

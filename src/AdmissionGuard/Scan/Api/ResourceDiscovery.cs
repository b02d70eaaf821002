using System.Net;

namespace AdmissionGuard.Scan.Api;

/// <summary>
/// Finds each kind's REST resource through the discovery documents (<c>GET /api/v1</c>,
/// <c>GET /apis/group/version</c>), one call per group version. A group version the server does
/// not serve (404: the CRD or operator is not installed) has no resources.
/// </summary>
internal sealed class ResourceDiscovery(KubeApi api)
{
    private readonly Dictionary<string, JsonArray?> groupVersions = new(StringComparer.Ordinal);

    /// <summary>The resource of <paramref name="kind"/>, or null when the server does not serve it.</summary>
    public async Task<ApiResource?> FindAsync(GroupVersionKind kind, CancellationToken cancellationToken)
    {
        var probe = new ApiResource(kind, string.Empty, false, false);
        var path = probe.GroupVersionPath;
        if (!groupVersions.TryGetValue(path, out var resources))
        {
            try
            {
                resources = (await api.GetAsync(path, cancellationToken).ConfigureAwait(false))["resources"] as JsonArray;
            }
            catch (KubeApiException e) when (e.Status == HttpStatusCode.NotFound)
            {
                resources = null;
            }

            groupVersions[path] = resources;
        }

        foreach (var item in resources ?? [])
        {
            // Subresources (deployments/scale) carry the parent's kind too; they are not listed.
            if (item is JsonObject r && Text(r, "kind") == kind.Kind && Text(r, "name") is { } name && !name.Contains('/'))
            {
                var listable = r["verbs"] is JsonArray verbs && verbs.Any(v => v?.GetValue<string>() == "list");
                return probe with { Plural = name, Namespaced = r["namespaced"]?.GetValue<bool>() ?? false, Listable = listable };
            }
        }

        return null;
    }

    private static string? Text(JsonObject obj, string field) =>
        obj[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

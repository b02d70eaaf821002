using k8s;

namespace AdmissionGuard.Core.Cluster;

/// <summary>
/// Lists <c>kustomizations.kustomize.toolkit.fluxcd.io/v1</c> across all namespaces through
/// KubernetesClient's custom-objects API, a page at a time. Needs RBAC <c>list</c> on that
/// resource, cluster-wide. Reads only names, namespaces and whether <c>spec.decryption</c> is set.
/// </summary>
internal sealed class KubernetesKustomizationSource(IKubernetes client) : IKustomizationSource, IDisposable
{
    public const string Group = "kustomize.toolkit.fluxcd.io";
    public const string Version = "v1";
    public const string Plural = "kustomizations";

    /// <summary>Items per page: large clusters have thousands of Kustomizations; pages keep each response small.</summary>
    private const int PageSize = 500;

    public async Task<IReadOnlyList<KustomizationEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<KustomizationEntry>();
        string? continueToken = null;
        do
        {
            var page = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(
                group: Group,
                version: Version,
                plural: Plural,
                continueParameter: continueToken,
                limit: PageSize,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            continueToken = ReadPage(page, entries);
        }
        while (!string.IsNullOrEmpty(continueToken));

        return entries;
    }

    /// <summary>Adds a list page's items to <paramref name="entries"/>; returns the continue token, if any.</summary>
    public static string? ReadPage(JsonElement page, List<KustomizationEntry> entries)
    {
        if (page.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (page.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("metadata", out var metadata)
                    && String(metadata, "name") is { } name
                    && String(metadata, "namespace") is { } ns)
                {
                    var decryption = item.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
                        && spec.TryGetProperty("decryption", out var d) && d.ValueKind == JsonValueKind.Object;
                    entries.Add(new KustomizationEntry(ns, name, decryption));
                }
            }
        }

        return page.TryGetProperty("metadata", out var listMeta) ? String(listMeta, "continue") : null;
    }

    public void Dispose() => client.Dispose();

    private static string? String(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

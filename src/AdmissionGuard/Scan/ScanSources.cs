using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Scan;

/// <summary>
/// The sources of a scan report: one per namespace (<c>namespaces/NAME</c>), one for
/// cluster-scoped objects, one per skipped resource; created on first use, listed in name order.
/// </summary>
internal sealed class ScanSources
{
    public const string ClusterScoped = "cluster-scoped";

    private readonly SortedDictionary<string, ManifestSource> sources = new(StringComparer.Ordinal);

    public ManifestSource ForNamespace(string? ns) => Get(string.IsNullOrEmpty(ns) ? ClusterScoped : "namespaces/" + ns);

    public ManifestSource ForResource(string resource) => Get("resources/" + resource);

    public IReadOnlyList<ManifestSource> All => sources.Values.ToArray();

    private ManifestSource Get(string name)
    {
        if (!sources.TryGetValue(name, out var source))
        {
            source = ManifestSource.Live(name);
            sources[name] = source;
        }

        return source;
    }
}

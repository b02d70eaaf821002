namespace AdmissionGuard.Scan;

/// <summary>
/// The "files" of a scan report: one per namespace (<c>namespaces/NAME</c>), one for
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
            // A path-like name with no file behind it: SARIF and JUnit print it as the location.
            source = new ManifestSource(name, name, string.Empty);
            sources[name] = source;
        }

        return source;
    }
}

namespace AdmissionGuard.Cli.Checking;

/// <summary>One Kubernetes object that was judged, where it came from, and every policy's result.</summary>
/// <param name="source">The file (or standard input) it was read from.</param>
/// <param name="document">1-based position of its document in the source.</param>
/// <param name="line">1-based line where its document starts.</param>
/// <param name="itemPath">For an item of a List: <c>items[3]</c>; otherwise null.</param>
/// <param name="template">The chart template it was rendered from, when the input says so (Helm's
/// <c># Source:</c> comment or post-renderer file-name annotation); otherwise null.</param>
/// <param name="name">metadata.name; for an object with only generateName, its prefix and <c>*</c> (<c>migrate-*</c>).</param>
/// <param name="results">The mutating policies' results, then the validating ones'.</param>
/// <param name="file">The file to edit, as reports name it: the source's name, or for a render the
/// template (or kustomization file) that produced the object.</param>
/// <param name="fileLine">The line of <paramref name="file"/> where the object starts; 0 for a render.</param>
/// <remarks>A class, not a record: objects are told apart by identity (two equal documents are two objects).</remarks>
internal sealed class CheckedObject(
    ManifestSource source,
    int document,
    int line,
    string? itemPath,
    string apiVersion,
    string kind,
    string? ns,
    string? name,
    string? template,
    IReadOnlyList<PolicyResult> results,
    string file,
    int fileLine)
{
    public ManifestSource Source { get; } = source;

    public int Document { get; } = document;

    public int Line { get; } = line;

    public string? ItemPath { get; } = itemPath;

    public string ApiVersion { get; } = apiVersion;

    public string Kind { get; } = kind;

    public string? Namespace { get; } = ns;

    public string? Name { get; } = name;

    public string? Template { get; } = template;

    public IReadOnlyList<PolicyResult> Results { get; } = results;

    public string File { get; } = file;

    public int FileLine { get; } = fileLine;

    /// <summary><c>Kind namespace/name</c>, or <c>Kind name</c> for cluster-scoped objects.</summary>
    public string Display => string.IsNullOrEmpty(Namespace) ? $"{Kind} {NameOrUnnamed}" : $"{Kind} {Namespace}/{NameOrUnnamed}";

    /// <summary><c>Kind/namespace/name</c> (<c>Kind/name</c> when cluster-scoped): the SARIF logical location.</summary>
    public string QualifiedName => string.IsNullOrEmpty(Namespace) ? $"{Kind}/{NameOrUnnamed}" : $"{Kind}/{Namespace}/{NameOrUnnamed}";

    private string NameOrUnnamed => string.IsNullOrEmpty(Name) ? "(unnamed)" : Name;
}

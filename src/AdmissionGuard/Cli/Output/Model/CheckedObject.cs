namespace AdmissionGuard.Cli.Output;

/// <summary>One Kubernetes object that was judged, where it came from, and every policy's result.</summary>
/// <param name="location">Where it stands in its source: a file's or a render's document, or a live namespace's n-th object.</param>
/// <param name="name">metadata.name; for an object with only generateName, its prefix and <c>*</c> (<c>migrate-*</c>).</param>
/// <param name="results">The mutating policies' results, then the validating ones'.</param>
/// <param name="decision">The engine's decision on it, as the validating webhook would answer.</param>
/// <remarks>A class, not a record: objects are told apart by identity (two equal documents are two objects).</remarks>
internal sealed class CheckedObject(ObjectLocation location, string apiVersion, string kind, string? ns, string? name, IReadOnlyList<PolicyResult> results, Decision decision)
{
    public ObjectLocation Location { get; } = location;

    /// <summary>The file, standard input, render or live namespace it was read from.</summary>
    public ManifestSource Source => Location.Source;

    /// <inheritdoc cref="ObjectLocation.Document"/>
    public int Document => Location.Document;

    /// <inheritdoc cref="ObjectLocation.Line"/>
    public int Line => Location.Line;

    /// <inheritdoc cref="ObjectLocation.ItemPath"/>
    public string? ItemPath => Location.ItemPath;

    /// <inheritdoc cref="ObjectLocation.Template"/>
    public string? Template => Location.Template;

    /// <inheritdoc cref="ObjectLocation.File"/>
    public string File => Location.File;

    /// <inheritdoc cref="ObjectLocation.FileLine"/>
    public int FileLine => Location.FileLine;

    public string ApiVersion { get; } = apiVersion;

    public string Kind { get; } = kind;

    public string? Namespace { get; } = ns;

    public string? Name { get; } = name;

    public IReadOnlyList<PolicyResult> Results { get; } = results;

    public Decision Decision { get; } = decision;

    /// <summary><c>Kind namespace/name</c>, or <c>Kind name</c> for cluster-scoped objects.</summary>
    public string Display => string.IsNullOrEmpty(Namespace) ? $"{Kind} {NameOrUnnamed}" : $"{Kind} {Namespace}/{NameOrUnnamed}";

    /// <summary><c>Kind/namespace/name</c> (<c>Kind/name</c> when cluster-scoped): the SARIF logical location.</summary>
    public string QualifiedName => string.IsNullOrEmpty(Namespace) ? $"{Kind}/{NameOrUnnamed}" : $"{Kind}/{Namespace}/{NameOrUnnamed}";

    private string NameOrUnnamed => string.IsNullOrEmpty(Name) ? "(unnamed)" : Name;
}

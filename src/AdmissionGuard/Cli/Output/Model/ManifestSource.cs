namespace AdmissionGuard.Cli.Output;

/// <summary>One input of a report: a file, standard input, the output of a render (<c>--chart</c>, <c>--kustomize</c>), or a scan's live namespace.</summary>
/// <param name="name">As reports show it: the path as given (directory entries joined to it), <c>-</c> for standard input,
/// the chart or kustomization directory for a render.</param>
/// <param name="fullPath">The absolute path on disk; null for standard input and renders.</param>
/// <param name="text">The whole content.</param>
/// <param name="rendered">How it was rendered; null for files and standard input.</param>
/// <remarks>A class, not a record: sources are told apart by identity, never by hashing their text.</remarks>
internal sealed class ManifestSource(string name, string? fullPath, string text, RenderedFrom? rendered = null)
{
    public const string StdinName = "-";

    public string Name { get; } = name;

    public string? FullPath { get; } = fullPath;

    public string Text { get; } = text;

    public RenderedFrom? Rendered { get; } = rendered;

    /// <summary>The tool that applies it, as the repository tree says (a Flux or Argo CD object naming its folder); null when nothing says.</summary>
    public Input.Tree.PathApplier? Applier { get; init; }

    /// <summary>True for a scan's objects of one namespace (<c>namespaces/NAME</c>), of the cluster scope, or of a resource it could not list: no file behind it.</summary>
    public bool IsLive { get; private init; }

    public bool IsStdin => FullPath is null && Rendered is null && !IsLive;

    /// <summary>A scan's source: its name is the only location reports can give (SARIF and JUnit print it as the path).</summary>
    public static ManifestSource Live(string name) => new(name, null, string.Empty) { IsLive = true };
}

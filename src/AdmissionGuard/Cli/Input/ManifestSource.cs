namespace AdmissionGuard.Cli.Input;

/// <summary>One manifest input: a file, standard input, or the output of a render (<c>--chart</c>, <c>--kustomize</c>).</summary>
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
    public Tree.PathApplier? Applier { get; init; }

    public bool IsStdin => FullPath is null && Rendered is null;
}

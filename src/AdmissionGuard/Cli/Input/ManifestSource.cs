namespace AdmissionGuard.Cli.Input;

/// <summary>One manifest input: a file, or standard input.</summary>
/// <param name="Name">As reports show it: the path as given (directory entries joined to it), <c>-</c> for standard input.</param>
/// <param name="FullPath">The absolute path on disk; null for standard input.</param>
/// <param name="Text">The whole content.</param>
/// <remarks>A class, not a record: sources are told apart by identity, never by hashing their text.</remarks>
internal sealed class ManifestSource(string name, string? fullPath, string text)
{
    public const string StdinName = "-";

    public string Name { get; } = name;

    public string? FullPath { get; } = fullPath;

    public string Text { get; } = text;

    public bool IsStdin => FullPath is null;
}

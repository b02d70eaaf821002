namespace AdmissionGuard.Cli.Output;

/// <summary>Input that could not be read or judged: a missing file, a syntax error, an unreadable object.</summary>
/// <param name="File">The source's name; empty for an error of the whole input (no Kubernetes objects in it).</param>
/// <param name="Line">1-based line, or 0 when the error concerns the whole file.</param>
/// <param name="Message">What is wrong; never a value from the manifest.</param>
internal sealed record InputError(string File, int Line, string Message)
{
    public override string ToString() => File.Length == 0 ? Message : Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

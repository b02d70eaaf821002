namespace AdmissionGuard.Cli.Output;

/// <summary>A file or directory that was not read because it holds no manifests (a chart's source).</summary>
/// <param name="Path">As given on the command line (directory entries joined to it).</param>
/// <param name="Reason">Why, and what to run instead.</param>
internal sealed record SkippedPath(string Path, string Reason);

namespace AdmissionGuard.Cli.Rendering;

/// <summary>A render that did not happen: the tool is missing, or it failed (its standard error, cleaned).</summary>
internal sealed class RenderFailure(string message) : Exception(message);

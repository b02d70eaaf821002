namespace AdmissionGuard.Cli.Rendering;

/// <summary>What <c>check --chart</c> asks Helm to render.</summary>
/// <param name="Directory">The chart's directory, as given.</param>
/// <param name="ValuesFiles"><c>-f</c>/<c>--values</c>, in order.</param>
/// <param name="Set"><c>--set K=V</c>, in order.</param>
/// <param name="Release">The release name; null for Helm's own default.</param>
/// <param name="Namespace">The release namespace; null for Helm's own default.</param>
/// <param name="Helm">The helm executable; null for the one on PATH.</param>
internal sealed record ChartRender(
    string Directory,
    IReadOnlyList<string> ValuesFiles,
    IReadOnlyList<string> Set,
    string? Release,
    string? Namespace,
    string? Helm);

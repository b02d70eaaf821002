using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Cli.Input;

/// <summary>
/// A chart's source (a directory with <c>Chart.yaml</c>) is templates, not manifests: read as YAML
/// they are syntax errors, or objects named <c>{{ template ... }}</c>. The whole chart is skipped
/// with one line saying how to render it; only what it renders can be judged.
/// </summary>
internal static class ChartSources
{
    public const string ChartFile = "Chart.yaml";

    public static bool IsChart(string directory) => File.Exists(Path.Combine(directory, ChartFile));

    /// <summary>
    /// The chart whose templates hold <paramref name="path"/> (the chart directory itself, or
    /// anything under its <c>templates/</c>), or null. Files elsewhere in a chart (<c>crds/</c>,
    /// <c>values.yaml</c>) are not templates and are read as usual.
    /// </summary>
    public static string? ChartOwning(string path)
    {
        var full = new DirectoryInfo(Path.GetFullPath(path));
        if (Directory.Exists(full.FullName) && IsChart(full.FullName))
        {
            return full.FullName;
        }

        for (var dir = full; dir is not null; dir = dir.Parent)
        {
            if (dir.Name == "templates" && dir.Parent is { } chart && IsChart(chart.FullName))
            {
                return chart.FullName;
            }
        }

        return null;
    }

    public static SkippedPath Skip(string shownAs) => new(
        shownAs,
        $"a Helm chart's source, not manifests: its templates are not judged. Render it first: "
        + $"admission-guard check --chart {shownAs} (or helm template {shownAs} | admission-guard check -)");
}

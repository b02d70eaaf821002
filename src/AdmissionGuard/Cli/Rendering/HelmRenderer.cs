using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Cli.Rendering;

/// <summary>
/// Renders a chart with the user's own Helm (<c>helm template</c>, Helm 3 or 4), CRDs from
/// <c>crds/</c> included (Helm installs them; keep-stateful judges them). The output names each
/// document's template in <c># Source:</c> comments, which the findings keep.
/// </summary>
internal static class HelmRenderer
{
    public const string Command = "helm template";

    public static ManifestSource Render(ChartRender chart)
    {
        var directory = chart.Directory.TrimEnd('/', '\\');
        if (directory.Length == 0)
        {
            directory = chart.Directory;
        }

        if (!File.Exists(Path.Combine(directory, "Chart.yaml")))
        {
            throw new RenderFailure("--chart: not a chart (no Chart.yaml in it)");
        }

        var helm = Locate(chart.Helm);
        var args = new List<string> { "template" };
        if (chart.Release is not null)
        {
            args.Add(chart.Release);
        }

        args.AddRange([directory, "--include-crds"]);
        foreach (var values in chart.ValuesFiles)
        {
            args.AddRange(["--values", values]);
        }

        foreach (var set in chart.Set)
        {
            args.AddRange(["--set", set]);
        }

        if (chart.Namespace is not null)
        {
            args.AddRange(["--namespace", chart.Namespace]);
        }

        var output = ExternalTool.Run(helm, args);
        if (output.ExitCode != 0)
        {
            throw new RenderFailure($"{Command} failed (exit {output.ExitCode}): {ToolErrors.Clean(output.Stderr, SetValues(chart.Set))}");
        }

        var rendered = new RenderedFrom(Command, directory, RenderedFrom.Join(directory, "Chart.yaml"));
        return new ManifestSource(directory, null, output.Stdout, rendered);
    }

    private static string Locate(string? helm)
    {
        if (helm is not null)
        {
            return ExternalTool.IsExecutable(helm)
                ? helm
                : throw new RenderFailure($"--helm {helm}: no such executable");
        }

        return ExternalTool.FindOnPath("helm")
            ?? throw new RenderFailure("--chart needs helm, which is not on PATH: install Helm 3 or 4 (https://helm.sh/docs/intro/install/) or name it with --helm PATH");
    }

    /// <summary>The values of <c>--set a=x,b.c=y</c>: what must never be echoed from Helm's errors.</summary>
    private static IEnumerable<string> SetValues(IEnumerable<string> sets) =>
        sets.SelectMany(s => s.Split(','))
            .Select(pair => pair.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? pair[(eq + 1)..] : string.Empty);
}

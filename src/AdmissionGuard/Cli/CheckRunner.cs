using AdmissionGuard.Cli.Fixing;
using AdmissionGuard.Cli.Output;
using AdmissionGuard.Cli.Rendering;

namespace AdmissionGuard.Cli;

/// <summary>
/// Runs <c>check</c>: render what was asked (<c>--chart</c>, <c>--kustomize</c>), read the inputs,
/// judge every object, report, and with <c>--fix</c> write the mutated manifests.
/// </summary>
internal static class CheckRunner
{
    public static int Run(CheckOptions options, CliConsole console)
    {
        var renders = options.Chart is not null || options.Kustomize is not null;
        if (options.Paths.Count == 0 && !renders)
        {
            throw new UsageException("nothing to check: give a PATH, - for standard input, --chart DIR or --kustomize DIR");
        }

        if (options.InPlace && options.Paths.Contains(ManifestSource.StdinName))
        {
            throw new UsageException("--in-place cannot rewrite standard input; use --fix to write the result to standard output");
        }

        if (options.InPlace && renders)
        {
            throw new UsageException("--in-place rewrites files, and a render has none: use --fix to write the rendered, fixed stream");
        }

        var engine = PolicySource.Engine(options.PoliciesDirectory, console.Error);
        if (engine is null)
        {
            return ExitCodes.Usage;
        }

        var input = InputCollector.Collect(options.Paths, console.In);
        Render(options, input);
        var report = new ManifestChecker(engine, fieldManager: string.Empty, options.Applier).Check(input.Sources, input.Skipped, input.Errors);
        if (report.Objects.Count == 0 && !report.HasErrors && !options.AllowEmpty)
        {
            var hint = report.SkippedPaths.Count > 0 ? $" ({report.SkippedPaths.Count} skipped as not manifests: render charts with --chart, kustomizations with --kustomize)" : string.Empty;
            report = report with { Errors = [new InputError(string.Empty, 0, CheckReport.NoObjectsMessage + hint)] };
        }

        var exitCode = report.ExitCode(options.FailOn);
        foreach (var error in report.Errors)
        {
            console.Error.WriteLine($"admission-guard: {error}");
        }

        // With --fix, standard output carries the manifests, so the report moves to standard error.
        var toError = options.Fix && !options.InPlace;
        var context = new ReportContext(exitCode, toError ? console.ColorError : console.ColorOut, Environment.CurrentDirectory);
        ReportWriters.For(options.Output).Write(report, context, toError ? console.Error : console.Out);

        if (options.InPlace)
        {
            foreach (var file in FixWriter.RewriteFiles(report))
            {
                console.Error.WriteLine($"admission-guard: rewrote {file}");
            }
        }
        else if (options.Fix)
        {
            if (report.HasErrors)
            {
                // Half a stream piped into kubectl would apply some objects and silently drop others.
                console.Error.WriteLine("admission-guard: --fix wrote nothing: the input has errors");
            }
            else
            {
                FixWriter.WriteStream(report, console.Out, objectsOnly: true);
            }
        }

        return exitCode;
    }

    /// <summary>Renders with the user's own tools; a missing tool or a failed render is an input error of its directory.</summary>
    private static void Render(CheckOptions options, CollectedInput input)
    {
        if (options.Chart is { } chart)
        {
            Add(chart.Directory, () => HelmRenderer.Render(chart), input);
        }

        if (options.Kustomize is { } kustomization)
        {
            Add(kustomization, () => KustomizeRenderer.Render(kustomization), input);
        }
    }

    private static void Add(string directory, Func<ManifestSource> render, CollectedInput input)
    {
        try
        {
            input.Sources.Add(render());
        }
        catch (RenderFailure e)
        {
            input.Errors.Add(new InputError(directory, 0, e.Message));
        }
    }
}

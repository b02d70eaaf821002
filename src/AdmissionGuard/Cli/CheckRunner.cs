using AdmissionGuard.Cli.Baseline;
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

        var engine = PolicySource.Engine(options.PoliciesDirectory, options.Exceptions, console.Error);
        if (engine is null)
        {
            return ExitCodes.Usage;
        }

        IReadOnlyList<BaselineEntry>? baseline = null;
        if (options.Baseline is { } baselineFile)
        {
            try
            {
                baseline = BaselineFile.Read(baselineFile);
            }
            catch (BaselineFileException e)
            {
                console.Error.WriteLine($"admission-guard: --baseline {e.Message}");
                return ExitCodes.Usage;
            }
        }

        var input = InputCollector.Collect(options.Paths, console.In);
        Render(options, input);
        var report = new ManifestChecker(engine, fieldManager: string.Empty, options.Applier).Check(input.Sources, input.Skipped, input.Errors);
        if (report.Objects.Count == 0 && !report.HasErrors && !options.AllowEmpty)
        {
            var hint = report.SkippedPaths.Count > 0 ? $" ({report.SkippedPaths.Count} skipped as not manifests: render charts with --chart, kustomizations with --kustomize)" : string.Empty;
            report = report with { Errors = [new InputError(string.Empty, 0, CheckReport.NoObjectsMessage + hint)] };
        }

        if (baseline is not null)
        {
            report = BaselineMatcher.Apply(report, options.Baseline!, baseline);
        }

        foreach (var error in report.Errors)
        {
            console.Error.WriteLine($"admission-guard: {error}");
        }

        if (options.WriteBaseline is { } target)
        {
            report = WriteBaseline(report, target, console.Error);
        }

        if (report.Baseline is { Stale.Count: > 0 } outcome)
        {
            console.Error.WriteLine($"admission-guard: {outcome.Stale.Count} {(outcome.Stale.Count == 1 ? "entry" : "entries")} of {outcome.File} {(outcome.Stale.Count == 1 ? "no longer occurs" : "no longer occur")}: "
                + $"rewrite it with admission-guard check --write-baseline {outcome.File} (same inputs)");
        }

        var exitCode = report.ExitCode(options.FailOn);

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

    /// <summary>
    /// Records today's findings; they are then baselined in this run's report too. Nothing is
    /// written when an input could not be read: its findings would silently drop out of the file.
    /// </summary>
    private static CheckReport WriteBaseline(CheckReport report, string file, TextWriter error)
    {
        if (report.HasErrors)
        {
            error.WriteLine($"admission-guard: --write-baseline wrote nothing to {file}: the input has errors");
            return report;
        }

        var entries = BaselineMatcher.Record(report).Distinct().ToList();
        try
        {
            BaselineFile.Write(file, entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"admission-guard: --write-baseline {file}: cannot write: {e.Message}");
            return report with { Errors = [.. report.Errors, new InputError(file, 0, $"cannot write the baseline: {e.Message}")] };
        }

        error.WriteLine($"admission-guard: wrote {entries.Count} baseline {(entries.Count == 1 ? "entry" : "entries")} to {file}");
        return BaselineMatcher.Apply(report, file, entries);
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

using AdmissionGuard.Cli.Baseline;
using AdmissionGuard.Cli.Checking;
using AdmissionGuard.Cli.Fixing;
using AdmissionGuard.Cli.Input;
using AdmissionGuard.Cli.Input.Tree;
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
        var renders = options.Chart is not null || options.Kustomize.Count > 0;
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

            foreach (var render in FixWriter.ChangedRenders(report))
            {
                console.Error.WriteLine($"admission-guard: --in-place did not write {render.Name}: it is rendered by kustomize, and its files are not the render's; admission-guard check --fix --kustomize {render.Name} shows what to add");
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

    /// <summary>
    /// Renders with the user's own tools. What <c>--chart</c> and <c>--kustomize</c> name and
    /// cannot be rendered is an input error of its directory (exit 2); a kustomize root found in a
    /// tree that cannot be rendered here is named in one line and the rest is judged.
    /// </summary>
    private static void Render(CheckOptions options, CollectedInput input)
    {
        if (options.Chart is { } chart)
        {
            try
            {
                input.Sources.Add(HelmRenderer.Render(chart));
            }
            catch (RenderFailure e)
            {
                input.Errors.Add(new InputError(chart.Directory, 0, e.Message));
            }
        }

        // A folder named by --kustomize gets the applier its repository's Flux and Argo CD objects give it.
        var repositories = new Dictionary<string, TreeAppliers>(StringComparer.Ordinal);
        var named = options.Kustomize.Select(k => (Shown: k, Applier: Directory.Exists(k) ? RepositoryOf(k, repositories).For(Path.GetFullPath(k)) : null)).ToList();
        var namedResults = RenderAll([.. named.Select(n => (n.Shown, (Func<ManifestSource>)(() => KustomizeRenderer.Render(n.Shown, loadAnywhere: n.Applier?.Applier == Applier.FluxKustomize))))]);
        for (var i = 0; i < named.Count; i++)
        {
            var (shown, rendered, failure) = namedResults[i];
            if (rendered is not null)
            {
                input.Sources.Add(new ManifestSource(rendered.Name, rendered.FullPath, rendered.Text, rendered.Rendered) { Applier = named[i].Applier });
            }
            else
            {
                input.Errors.Add(new InputError(shown, 0, failure!));
            }
        }

        var tree = input.Renders.Where(r => r.RemoteTarget is null)
            .Select(r => (r.Shown, Render: (Func<ManifestSource>)(() => KustomizeRenderer.Render(r.Shown, loadAnywhere: r.Applier?.Applier == Applier.FluxKustomize)), r.Applier))
            .ToList();
        var results = RenderAll([.. tree.Select(t => (t.Shown, t.Render))]);
        for (var i = 0; i < tree.Count; i++)
        {
            var (shown, rendered, failure) = results[i];
            if (rendered is not null)
            {
                input.Sources.Add(new ManifestSource(rendered.Name, rendered.FullPath, rendered.Text, rendered.Rendered) { Applier = tree[i].Applier });
            }
            else
            {
                var reason = failure == KustomizeRenderer.Missing
                    ? "it needs kustomize or kubectl, and neither is on PATH (https://kubectl.docs.kubernetes.io/installation/kustomize/)"
                    : failure;
                input.Skipped.Add(new SkippedPath(shown, "not rendered: " + reason));
            }
        }

        foreach (var remote in input.Renders.Where(r => r.RemoteTarget is not null))
        {
            input.Skipped.Add(new SkippedPath(
                remote.Shown,
                $"not rendered: it builds on {remote.RemoteTarget}, a remote target that is not fetched here; render it where that is reachable (kustomize build {remote.Shown})"));
        }
    }

    /// <summary>The Flux and Argo CD objects of the repository holding <paramref name="directory"/>: its git root, else the working directory when it holds the folder.</summary>
    private static TreeAppliers RepositoryOf(string directory, Dictionary<string, TreeAppliers> repositories)
    {
        var root = TreeAppliers.RepositoryRoot(directory);
        var current = Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory);
        if (root == Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) && root.StartsWith(current + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            root = current;
        }

        if (!repositories.TryGetValue(root, out var appliers))
        {
            repositories[root] = appliers = TreeAppliers.Scan(root, InputCollector.Recursive);
        }

        return appliers;
    }

    /// <summary>Runs the renders side by side (each is a process of its own), results in the order given.</summary>
    private static (string Shown, ManifestSource? Rendered, string? Failure)[] RenderAll(IReadOnlyList<(string Shown, Func<ManifestSource> Render)> renders)
    {
        var results = new (string, ManifestSource?, string?)[renders.Count];
        Parallel.For(0, renders.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, i =>
        {
            try
            {
                results[i] = (renders[i].Shown, renders[i].Render(), null);
            }
            catch (RenderFailure e)
            {
                results[i] = (renders[i].Shown, null, e.Message);
            }
        });
        return results;
    }
}

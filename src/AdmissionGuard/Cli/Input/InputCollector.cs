using AdmissionGuard.Cli.Input.Tree;
using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Cli.Input;

/// <summary>
/// Turns the PATH arguments into sources: files as given, directories laid out as their tools
/// see them (<see cref="TreeLayout"/>: kustomize roots to render, other <c>*.yaml</c>, <c>*.yml</c>
/// and <c>*.json</c> files read; hidden entries such as <c>.git</c> skipped, sorted so reports are
/// stable), and <c>-</c> for standard input (read once). A chart's source is skipped whole
/// (<see cref="ChartSources"/>).
/// </summary>
internal static class InputCollector
{
    /// <summary>How a tree is walked: recursively, hidden entries (<c>.git</c>, <c>.github</c>) skipped.</summary>
    internal static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        IgnoreInaccessible = true,
        MatchType = MatchType.Simple,
        MaxRecursionDepth = 64,
    };

    public static CollectedInput Collect(IReadOnlyList<string> paths, TextReader stdin)
    {
        var input = new CollectedInput();
        var stdinRead = false;
        foreach (var path in paths)
        {
            if (path == ManifestSource.StdinName)
            {
                if (!stdinRead)
                {
                    input.Sources.Add(new ManifestSource(ManifestSource.StdinName, null, stdin.ReadToEnd()));
                    stdinRead = true;
                }
            }
            else if (!File.Exists(path) && !Directory.Exists(path))
            {
                input.Errors.Add(new InputError(path, 0, "no such file or directory"));
            }
            else if (ChartSources.ChartOwning(path) is { } chart)
            {
                input.SkipChart(Shown(chart));
            }
            else if (Directory.Exists(path))
            {
                CollectDirectory(path, input);
            }
            else
            {
                Read(path, path, input);
            }
        }

        return input;
    }

    /// <summary>
    /// A tree: kustomize roots go to <see cref="CollectedInput.Renders"/> (a base only through the
    /// roots that use it), other manifest files are read, each with the applier that the
    /// repository's Flux and Argo CD objects give its folder.
    /// </summary>
    private static void CollectDirectory(string directory, CollectedInput input)
    {
        var charts = Directory.EnumerateFiles(directory, ChartSources.ChartFile, Recursive)
            .Select(f => Path.GetDirectoryName(Path.GetFullPath(f))! + Path.DirectorySeparatorChar)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var chart in charts.Where(c => !charts.Any(outer => outer != c && c.StartsWith(outer, StringComparison.Ordinal))))
        {
            input.SkipChart(Shown(directory, chart.TrimEnd(Path.DirectorySeparatorChar)));
        }

        var appliers = TreeAppliers.Scan(directory, Recursive);

        var layout = TreeLayout.Of(directory, Recursive, charts);
        foreach (var (baseDirectory, roots) in layout.Bases.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            if (IsUnder(baseDirectory, directory))
            {
                var users = roots.Count == 0 ? "no kustomization of the tree renders it" : "judged as " + string.Join(", ", roots.Select(r => Shown(directory, r))) + " render" + (roots.Count == 1 ? "s" : string.Empty) + " it";
                input.Skipped.Add(new SkippedPath(Shown(directory, baseDirectory), $"a kustomize base or component of another kustomization, not applied on its own: {users}"));
            }
        }

        foreach (var root in layout.Roots)
        {
            input.Renders.Add(new TreeRender(Shown(directory, root), root, appliers.For(root), layout.RemoteTarget(root)));
        }

        var files = Directory.EnumerateFiles(directory, "*", Recursive)
            .Where(TreeLayout.IsManifestFile)
            .Select(Path.GetFullPath)
            .Where(f => !charts.Any(c => f.StartsWith(c, StringComparison.Ordinal)))
            .Where(f => !layout.IsRendered(f, appliers.Names))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var applier = appliers.For(Path.GetDirectoryName(file)!);
            if (applier?.Applier == Applier.FluxKustomize && file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                // kustomize-controller generates a kustomization of a path's *.yaml and *.yml files only.
                input.Skipped.Add(new SkippedPath(Shown(directory, file), $"not applied: Flux reads only the .yaml and .yml files of a path without a kustomization ({applier.Origin})"));
                continue;
            }

            Read(Shown(directory, file), file, input, applier);
        }
    }

    private static bool IsUnder(string path, string directory) =>
        (path + Path.DirectorySeparatorChar).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>An absolute path under <paramref name="directory"/> as reports name it: joined to the directory as given.</summary>
    private static string Shown(string directory, string fullPath) => Join(directory, Path.GetRelativePath(Path.GetFullPath(directory), fullPath));

    private static string Join(string directory, string relative) => RenderedFrom.Join(directory, relative);

    private static string Shown(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath).Replace('\\', '/');
        return relative.StartsWith("../", StringComparison.Ordinal) ? fullPath : relative;
    }

    private static void Read(string name, string path, CollectedInput input, PathApplier? applier = null)
    {
        if (NonObjectFiles.ReasonFor(name) is { } reason)
        {
            input.Skipped.Add(new SkippedPath(name, reason));
            return;
        }

        try
        {
            input.Sources.Add(new ManifestSource(name, Path.GetFullPath(path), File.ReadAllText(path)) { Applier = applier });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            input.Errors.Add(new InputError(name, 0, "cannot read: " + e.Message));
        }
    }
}

/// <summary>What the PATH arguments (and renders) gave: sources to judge, paths skipped, errors.</summary>
internal sealed class CollectedInput
{
    public List<ManifestSource> Sources { get; } = [];

    public List<SkippedPath> Skipped { get; } = [];

    /// <summary>The kustomize roots of the trees given, to render.</summary>
    public List<TreeRender> Renders { get; } = [];

    public List<InputError> Errors { get; } = [];

    public void SkipChart(string shownAs)
    {
        if (!Skipped.Any(s => s.Path == shownAs))
        {
            Skipped.Add(ChartSources.Skip(shownAs));
        }
    }
}

namespace AdmissionGuard.Cli.Input;

/// <summary>
/// Turns the PATH arguments into sources: files as given, directories searched recursively for
/// <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> (hidden entries such as <c>.git</c> skipped, sorted
/// so reports are stable), and <c>-</c> for standard input (read once). A chart's source is
/// skipped whole (<see cref="ChartSources"/>).
/// </summary>
internal static class InputCollector
{
    private static readonly EnumerationOptions Recursive = new()
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

    private static void CollectDirectory(string directory, CollectedInput input)
    {
        var charts = Directory.EnumerateFiles(directory, ChartSources.ChartFile, Recursive)
            .Select(f => Path.GetDirectoryName(Path.GetFullPath(f))! + Path.DirectorySeparatorChar)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var chart in charts.Where(c => !charts.Any(outer => outer != c && c.StartsWith(outer, StringComparison.Ordinal))))
        {
            input.SkipChart(Join(directory, Path.GetRelativePath(directory, chart.TrimEnd(Path.DirectorySeparatorChar))));
        }

        var files = Directory.EnumerateFiles(directory, "*", Recursive)
            .Where(IsManifestFile)
            .Where(f => !charts.Any(c => Path.GetFullPath(f).StartsWith(c, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);
        var patches = KustomizePatches.Under(directory, Recursive, dir => Join(directory, Path.GetRelativePath(directory, dir)));
        foreach (var file in files)
        {
            var name = Join(directory, Path.GetRelativePath(directory, file));
            if (patches.TryGetValue(Path.GetFullPath(file), out var kustomization))
            {
                input.Skipped.Add(new SkippedPath(name, KustomizePatches.Reason(kustomization)));
                continue;
            }

            Read(name, file, input);
        }
    }

    private static bool IsManifestFile(string file) =>
        file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static string Join(string directory, string relative) => RenderedFrom.Join(directory, relative);

    private static string Shown(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath).Replace('\\', '/');
        return relative.StartsWith("../", StringComparison.Ordinal) ? fullPath : relative;
    }

    private static void Read(string name, string path, CollectedInput input)
    {
        if (NonObjectFiles.ReasonFor(name) is { } reason)
        {
            input.Skipped.Add(new SkippedPath(name, reason));
            return;
        }

        try
        {
            input.Sources.Add(new ManifestSource(name, Path.GetFullPath(path), File.ReadAllText(path)));
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

    public List<InputError> Errors { get; } = [];

    public void SkipChart(string shownAs)
    {
        if (!Skipped.Any(s => s.Path == shownAs))
        {
            Skipped.Add(ChartSources.Skip(shownAs));
        }
    }
}

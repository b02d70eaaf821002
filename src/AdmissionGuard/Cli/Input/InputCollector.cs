namespace AdmissionGuard.Cli.Input;

/// <summary>
/// Turns the PATH arguments into sources: files as given, directories searched recursively for
/// <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> (hidden entries such as <c>.git</c> skipped, sorted
/// so reports are stable), and <c>-</c> for standard input (read once).
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

    public static (IReadOnlyList<ManifestSource> Sources, IReadOnlyList<InputError> Errors) Collect(IReadOnlyList<string> paths, TextReader stdin)
    {
        var sources = new List<ManifestSource>();
        var errors = new List<InputError>();
        var stdinRead = false;
        foreach (var path in paths)
        {
            if (path == ManifestSource.StdinName)
            {
                if (!stdinRead)
                {
                    sources.Add(new ManifestSource(ManifestSource.StdinName, null, stdin.ReadToEnd()));
                    stdinRead = true;
                }
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in ManifestFiles(path))
                {
                    Read(DisplayName(path, Path.GetRelativePath(path, file)), file, sources, errors);
                }
            }
            else if (File.Exists(path))
            {
                Read(path, path, sources, errors);
            }
            else
            {
                errors.Add(new InputError(path, 0, "no such file or directory"));
            }
        }

        return (sources, errors);
    }

    private static IEnumerable<string> ManifestFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", Recursive)
            .Where(IsManifestFile)
            .Order(StringComparer.Ordinal);

    private static bool IsManifestFile(string file) =>
        file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static string DisplayName(string directory, string relative)
    {
        var joined = Path.Join(directory, relative).Replace('\\', '/');
        return joined.StartsWith("./", StringComparison.Ordinal) ? joined[2..] : joined;
    }

    private static void Read(string name, string path, List<ManifestSource> sources, List<InputError> errors)
    {
        try
        {
            sources.Add(new ManifestSource(name, Path.GetFullPath(path), File.ReadAllText(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new InputError(name, 0, "cannot read: " + e.Message));
        }
    }
}

namespace AdmissionGuard.Cli.Output;

/// <summary>
/// Where a rendered stream came from, so that findings point at the file to edit: for a chart the
/// template that Helm's <c># Source:</c> comment names, for a kustomization its kustomization file.
/// </summary>
/// <param name="Command">What rendered it, as the report says it: <c>helm template</c>, <c>kustomize build</c>, <c>kubectl kustomize</c>.</param>
/// <param name="Directory">The chart or kustomization directory as given on the command line.</param>
/// <param name="EntryFile">The file that stands for the whole render (Chart.yaml, kustomization.yaml), as reports name it.</param>
internal sealed record RenderedFrom(string Command, string Directory, string EntryFile)
{
    /// <summary>
    /// The file on disk that rendered a document: <c># Source: shop/templates/web.yaml</c> names
    /// <c>DIR/templates/web.yaml</c> (the first segment is the chart's name, not its directory;
    /// a subchart's template is <c>DIR/charts/sub/templates/...</c>). Falls back to the entry file
    /// when the template is unknown or not a file of the directory (a packaged subchart).
    /// </summary>
    public string FileOf(string? template)
    {
        if (template is null)
        {
            return EntryFile;
        }

        var slash = template.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return EntryFile;
        }

        var candidate = Join(Directory, template[(slash + 1)..]);
        return File.Exists(candidate) ? candidate : EntryFile;
    }

    /// <summary><paramref name="relative"/> under <paramref name="directory"/>, '/'-separated, without a leading <c>./</c>.</summary>
    public static string Join(string directory, string relative)
    {
        var joined = (relative is "." or "" ? directory : Path.Join(directory, relative)).Replace('\\', '/');
        return joined.StartsWith("./", StringComparison.Ordinal) ? joined[2..] : joined;
    }
}

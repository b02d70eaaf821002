namespace AdmissionGuard.Cli.Checking;

/// <summary>
/// The chart template a rendered document came from, so findings on <c>helm template</c> output
/// name it: Helm writes <c># Source: chart/templates/x.yaml</c> before each document, and Helm 4
/// hands post-renderers the file name in an annotation instead.
/// </summary>
internal sealed class TemplateNames
{
    /// <summary>The annotation Helm 4 puts on every document it passes to a post-renderer (and removes afterwards).</summary>
    public const string PostRendererFileAnnotation = "postrenderer.helm.sh/postrender-filename";

    private const string SourceMarker = "# Source: ";

    private readonly List<(int Line, string Name)> comments = [];

    public TemplateNames(string text)
    {
        var line = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            line++;
            if (raw.StartsWith(SourceMarker, StringComparison.Ordinal))
            {
                comments.Add((line, raw[SourceMarker.Length..].Trim().ToString()));
            }
        }
    }

    /// <summary>The template of the document whose content starts at <paramref name="line"/>, after a document that started at <paramref name="previousLine"/>.</summary>
    public string? For(JsonObject obj, int line, int previousLine)
    {
        if (obj["metadata"] is JsonObject { } meta && meta["annotations"] is JsonObject annotations
            && annotations[PostRendererFileAnnotation] is JsonValue v && v.TryGetValue<string>(out var annotated))
        {
            return annotated;
        }

        string? found = null;
        foreach (var (at, name) in comments)
        {
            if (at >= line)
            {
                break;
            }

            if (at > previousLine)
            {
                found = name;
            }
        }

        return found;
    }
}

namespace AdmissionGuard.Cli.Output;

/// <summary>
/// The plain-text reading of a policy's Markdown help, for SARIF's <c>help.text</c>: code fences
/// dropped (their lines kept), emphasis and code marks removed. The help is written once, in Markdown.
/// </summary>
internal static class MarkdownText
{
    public static string ToPlain(string markdown)
    {
        var lines = markdown.Split('\n')
            .Where(line => !line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            .Select(line => line.Replace("**", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal));
        return string.Join('\n', lines);
    }
}

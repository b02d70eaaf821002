namespace AdmissionGuard.Cli.Rendering;

/// <summary>A failed tool's standard error as the report shows it: trimmed, and without the values the user passed.</summary>
internal static class ToolErrors
{
    /// <summary>Values shorter than this are left alone: masking "1" or "on" would garble every line number and word.</summary>
    private const int MinimumMaskedLength = 4;

    private const int MaximumLength = 4000;

    public static string Clean(string stderr, IEnumerable<string> masked)
    {
        var text = stderr.Trim();
        foreach (var value in masked.Where(v => v.Length >= MinimumMaskedLength).OrderByDescending(v => v.Length))
        {
            text = text.Replace(value, "***", StringComparison.Ordinal);
        }

        if (text.Length == 0)
        {
            return "(no message)";
        }

        return text.Length > MaximumLength ? text[..MaximumLength] + " ..." : text;
    }
}

namespace AdmissionGuard.Core.Admission;

/// <summary>How findings read in the webhook's denials, warnings and audit annotations, and the API server's limits on them.</summary>
internal static class FindingText
{
    /// <summary>The API server truncates a warning past 256 characters; the API asks for 120.</summary>
    public const int MaxWarningLength = 256;

    /// <summary>The API server truncates warnings past 4 KB in total.</summary>
    public const int MaxWarningsTotal = 4096;

    /// <summary>Denial messages are kept under 4 KB (counted in UTF-8 bytes, as the API server stores them).</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>Audit annotation values are kept short: they are stored with every audit event.</summary>
    public const int MaxAuditValueLength = 256;

    /// <summary><c>[policy] Kind ns/name: message (at path). Fix: snippet</c>, on one line.</summary>
    public static string Denial(Finding finding, string objectRef) =>
        OneLine($"[{finding.PolicyId}] {objectRef}: {finding.Message} (at {finding.Path}). Fix: {finding.Fix}");

    /// <summary><c>[policy] summary</c>, on one line, cut to the warning limit.</summary>
    public static string Warning(Finding finding) => Truncate(OneLine($"[{finding.PolicyId}] {finding.Summary}"), MaxWarningLength);

    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 3), "...");

    /// <summary>
    /// Replaces line breaks, tabs and other control characters with single spaces. Warnings
    /// travel as HTTP header values, where a control character makes the API server drop them,
    /// and a denial lists one finding per line.
    /// </summary>
    public static string OneLine(string text)
    {
        if (!HasControl(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var lastWasBreak = false;
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                if (!lastWasBreak)
                {
                    sb.Append(' ');
                }

                lastWasBreak = true;
            }
            else
            {
                sb.Append(c);
                lastWasBreak = false;
            }
        }

        return sb.ToString();
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// Request fields as they go into a log line. The API server sends a UUID, DNS-1123 names and
/// short user names; anyone else reaching the port could send megabytes in any of them, and every
/// review is logged. Past <see cref="MaxLength"/> characters a field is cut and marked, so that
/// one review costs at most a few kilobytes of log.
/// </summary>
internal static class LogText
{
    /// <summary>Longer than any Kubernetes name (253) or UUID.</summary>
    public const int MaxLength = 256;

    public static string Cap(string text) =>
        text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), $"...(+{text.Length - MaxLength} characters)");
}

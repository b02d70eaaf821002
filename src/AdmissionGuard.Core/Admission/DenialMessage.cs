namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Joins denial lines (one per finding, each starting with <c>[policy-id]</c>) into the one
/// message the API server shows, under <see cref="FindingText.MaxMessageLength"/> UTF-8 bytes.
/// When not everything fits, the first finding of every violated policy goes in before any
/// second finding, so the message still names every violated policy; long lines are cut so that
/// one verbose finding cannot crowd out the others.
/// </summary>
internal static class DenialMessage
{
    /// <summary>Room kept for the "... and N more finding(s)" line.</summary>
    private const int SuffixReserve = 48;

    private const int MinLineLength = 160;
    private const int MaxLineLength = 1024;

    public static string Join(IReadOnlyList<(string PolicyId, string Line)> denials)
    {
        var policies = denials.Select(d => d.PolicyId).Distinct(StringComparer.Ordinal).Count();
        var budget = FindingText.MaxMessageLength - SuffixReserve;
        var lineCap = Math.Clamp(budget / Math.Max(policies, 1), MinLineLength, MaxLineLength);

        var lines = new string[denials.Count];
        var bytes = new int[denials.Count];
        var total = -1;
        for (var i = 0; i < denials.Count; i++)
        {
            lines[i] = FindingText.Truncate(denials[i].Line, lineCap);
            bytes[i] = Encoding.UTF8.GetByteCount(lines[i]) + 1;
            total += bytes[i];
        }

        if (total <= FindingText.MaxMessageLength)
        {
            return string.Join('\n', lines);
        }

        var chosen = new bool[denials.Count];
        var used = 0;

        // First every policy's first finding, then the rest in order, while they fit.
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < denials.Count; i++)
        {
            if (named.Add(denials[i].PolicyId) && used + bytes[i] <= budget)
            {
                chosen[i] = true;
                used += bytes[i];
            }
        }

        for (var i = 0; i < denials.Count; i++)
        {
            if (!chosen[i] && used + bytes[i] <= budget)
            {
                chosen[i] = true;
                used += bytes[i];
            }
        }

        var sb = new StringBuilder(used + SuffixReserve);
        var omitted = 0;
        for (var i = 0; i < denials.Count; i++)
        {
            if (!chosen[i])
            {
                omitted++;
                continue;
            }

            sb.Append(lines[i]).Append('\n');
        }

        return sb.Append($"... and {omitted} more finding(s)").ToString();
    }
}

using System.Buffers;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>Checks the structure of a token's body once prefix, alphabet and length matched.</summary>
internal delegate bool TokenBodyRule(ReadOnlySpan<char> body);

/// <summary>
/// One well-known credential format: a fixed prefix, then a body of a known alphabet and length.
/// The token must stand alone: no letter or digit right before the prefix, and the body ends where
/// its alphabet ends (a body running past <see cref="MaxBody"/> is part of something longer).
/// </summary>
internal sealed record TokenFormat(
    string Prefix,
    Detection Detection,
    SearchValues<char> BodyChars,
    int MinBody,
    int MaxBody,
    TokenBodyRule? Rule = null)
{
    /// <summary>True when a token of this format starts at <paramref name="start"/> (where the prefix was found).</summary>
    public bool MatchesAt(ReadOnlySpan<char> text, int start)
    {
        if (start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
        {
            return false;
        }

        var bodyStart = start + Prefix.Length;
        var window = text[bodyStart..];
        if (window.Length > MaxBody + 1)
        {
            window = window[..(MaxBody + 1)];
        }

        var end = window.IndexOfAnyExcept(BodyChars);
        var length = end < 0 ? window.Length : end;
        if (length < MinBody || length > MaxBody)
        {
            return false;
        }

        return Rule is null || Rule(window[..length]);
    }

    public static TokenFormat Violation(string prefix, string description, SearchValues<char> body, int min, int max, TokenBodyRule? rule = null) =>
        new(prefix, new Detection(description, FindingSeverity.Violation), body, min, max, rule);
}

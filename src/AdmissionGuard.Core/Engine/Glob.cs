namespace AdmissionGuard.Core.Engine;

/// <summary>A name pattern with <c>*</c> (any run of characters) and <c>?</c> (one character). No regex.</summary>
internal sealed class Glob(string pattern)
{
    public string Pattern { get; } = pattern;

    public bool IsMatch(string text) => Match(Pattern.AsSpan(), text.AsSpan());

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public override string ToString() => Pattern;
}

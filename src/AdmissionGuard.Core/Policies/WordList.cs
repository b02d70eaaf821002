namespace AdmissionGuard.Core.Policies;

/// <summary>Whether a span is one of a short, fixed list of words, ignoring case, without allocating.</summary>
internal static class WordList
{
    public static bool ContainsIgnoringCase(this string[] words, ReadOnlySpan<char> word)
    {
        foreach (var w in words)
        {
            if (word.Equals(w, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

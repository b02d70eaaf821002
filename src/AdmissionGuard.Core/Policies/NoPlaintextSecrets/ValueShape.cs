namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// The shape of a literal, read as a reviewer reads it (docs/no-plaintext-secrets.md, "Key
/// names"): words and lists of words (a setting, an enum, the name of a key), a Kubernetes object
/// name, or a random string (length, character classes and entropy). Linear scans of the span;
/// nothing here allocates.
/// </summary>
internal static class ValueShape
{
    /// <summary>Separators between the words of a value: <c>lower,upper</c>, <c>aws-access-key-id</c>, <c>S3_PASSWORD</c>.</summary>
    private const string Separators = "-_.,;:| /+";

    /// <summary>Letters in one word at most; a longer run is no word anyone writes.</summary>
    private const int MaxWordLength = 24;

    /// <summary>
    /// Made of words: letter runs (camelCase splits them) of at most 24 letters, each followed by
    /// at most three digits (<c>sha256</c>, <c>S3</c>, <c>pbkdf2</c>), or numbers of at most four
    /// digits, between separators.
    /// </summary>
    public static bool IsWords(ReadOnlySpan<char> v)
    {
        var words = 0;
        var i = 0;
        while (i < v.Length)
        {
            if (Separators.Contains(v[i]))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiLetter(v[i]))
            {
                i++;
                while (i < v.Length && char.IsAsciiLetter(v[i]) && !(char.IsAsciiLetterUpper(v[i]) && char.IsAsciiLetterLower(v[i - 1])))
                {
                    i++;
                }

                if (i - start > MaxWordLength)
                {
                    return false;
                }

                var digits = i;
                while (i < v.Length && char.IsAsciiDigit(v[i]))
                {
                    i++;
                }

                if (i - digits > 3)
                {
                    return false;
                }
            }
            else if (char.IsAsciiDigit(v[i]))
            {
                while (i < v.Length && char.IsAsciiDigit(v[i]))
                {
                    i++;
                }

                if (i - start > 4 || (i < v.Length && char.IsAsciiLetter(v[i])))
                {
                    return false;
                }
            }
            else
            {
                return false;
            }

            words++;
        }

        return words > 0;
    }

    /// <summary>
    /// A Kubernetes object name (a DNS-1123 subdomain: lower-case letters, digits, <c>-</c> and
    /// <c>.</c>, starting and ending with a letter or digit, at most 253 characters) that is not a
    /// random string (<c>ghcr-auth</c>, <c>flux-system</c>).
    /// </summary>
    public static bool IsObjectName(ReadOnlySpan<char> v)
    {
        if (v.IsEmpty || v.Length > 253 || !IsLowerAlnum(v[0]) || !IsLowerAlnum(v[^1]))
        {
            return false;
        }

        foreach (var c in v)
        {
            if (!IsLowerAlnum(c) && c is not ('-' or '.'))
            {
                return false;
            }
        }

        return !LooksRandom(v);
    }

    /// <summary>An object name of several words (<c>app-secret</c>, <c>flux-system</c>), not one word that could be a password.</summary>
    public static bool IsCompoundObjectName(ReadOnlySpan<char> v) => IsObjectName(v) && v.IndexOfAny('-', '.') > 0;

    /// <summary>
    /// A string no one types: at least 12 characters, less than half of them in words of four
    /// letters or more (<c>HAPolicyConfiguration=SHARED_STORE</c> is words), and either three
    /// character classes or, from 16 characters, two classes with 3 bits of entropy a character
    /// or more (a hex digest, a base64 key).
    /// </summary>
    public static bool LooksRandom(ReadOnlySpan<char> v)
    {
        if (v.Length < 12 || v.ContainsAny(' ', '\n', '\t'))
        {
            return false;
        }

        int lower = 0, upper = 0, digit = 0, other = 0;
        foreach (var c in v)
        {
            if (char.IsAsciiLetterLower(c))
            {
                lower = 1;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                upper = 1;
            }
            else if (char.IsAsciiDigit(c))
            {
                digit = 1;
            }
            else
            {
                other = 1;
            }
        }

        if (WordCharacters(v) * 2 >= v.Length)
        {
            return false;
        }

        var classes = lower + upper + digit + other;
        return classes >= 3 || (v.Length >= 16 && classes >= 2 && Entropy(v) >= 3.0);
    }

    /// <summary>Characters in letter runs (split at camelCase) of four letters or more that hold a vowel.</summary>
    private static int WordCharacters(ReadOnlySpan<char> v)
    {
        var total = 0;
        var i = 0;
        while (i < v.Length)
        {
            if (!char.IsAsciiLetter(v[i]))
            {
                i++;
                continue;
            }

            var start = i++;
            while (i < v.Length && char.IsAsciiLetter(v[i]) && !(char.IsAsciiLetterUpper(v[i]) && char.IsAsciiLetterLower(v[i - 1])))
            {
                i++;
            }

            if (i - start >= 4 && HasVowel(v[start..i]))
            {
                total += i - start;
            }
        }

        return total;
    }

    /// <summary>Shannon entropy in bits per character over the ASCII range (other characters count as one symbol).</summary>
    public static double Entropy(ReadOnlySpan<char> v)
    {
        Span<int> counts = stackalloc int[129];
        foreach (var c in v)
        {
            counts[c < 128 ? c : 128]++;
        }

        var entropy = 0.0;
        foreach (var n in counts)
        {
            if (n > 0)
            {
                var p = (double)n / v.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    private static bool HasVowel(ReadOnlySpan<char> word) => word.IndexOfAny("aeiouyAEIOUY") >= 0;

    private static bool IsLowerAlnum(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}

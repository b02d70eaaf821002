namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// A Secret value that is a file of settings (<c>roles.yml</c>, <c>config.yaml</c>, <c>.env</c>,
/// <c>application.properties</c>, INI, JSON): its keys are judged with their values as Helm values
/// are (<see cref="ValueTreeScanner.JudgeLiteral"/>), so that a credential in it is found by its
/// key and a file of role definitions holds none. Read as lines of <c>key: value</c> or
/// <c>key=value</c> (JSON split at its braces, brackets and commas too), not parsed into a tree: a
/// Secret arrives at the webhook and may hold a large file, and this costs no copy of it (a string
/// is made only for a key that is reported). Keys of a dotted properties path are judged by their
/// last segment (<c>acceptor.keyStorePassword</c>); metadata maps inside the file are not told apart.
/// </summary>
internal static class StructuredValue
{
    /// <summary>True when the text is a file of settings (more <c>key: value</c> lines than others); its credentials go into <paramref name="hits"/>.</summary>
    /// <summary>Only a value of several lines, or a JSON object, can be a file of settings.</summary>
    public static bool MayBe(ReadOnlySpan<char> text)
    {
        var body = text.Trim();
        return body.IndexOf('\n') >= 0 || (body.StartsWith('{') && body.EndsWith('}'));
    }

    /// <remarks><paramref name="random"/>: some value is a random string (<see cref="ValueShape.LooksRandom"/>), which makes a file named for credentials (<c>credentials.json</c>) hold one.</remarks>
    public static bool TryJudge(ReadOnlySpan<char> text, ValueTreeScanner scanner, CredentialHits hits, out bool random)
    {
        random = false;
        var body = text.Trim();
        var json = body.StartsWith('{') && body.EndsWith('}');
        if (!json && body.IndexOf('\n') < 0)
        {
            return false;
        }

        var pairs = 0;
        var others = 0;
        foreach (var range in Lines(body, json))
        {
            switch (ReadPair(body[range], out _, out _))
            {
                case true:
                    pairs++;
                    break;
                case false:
                    others++;
                    break;
            }
        }

        if (pairs == 0 || others > pairs)
        {
            return false;
        }

        foreach (var range in Lines(body, json))
        {
            if (ReadPair(body[range], out var key, out var value) == true)
            {
                random |= ValueShape.LooksRandom(value);
                var judgement = scanner.JudgeLiteral(LastSegment(key), value);
                if (judgement.Certainty != Certainty.None)
                {
                    hits.Add(key.ToString(), judgement);
                }
            }
        }

        return true;
    }

    private static MemoryExtensions.SpanSplitEnumerator<char> Lines(ReadOnlySpan<char> body, bool json) =>
        json ? body.SplitAny("{}[],\n") : body.Split('\n');

    /// <summary>
    /// True for a <c>key: value</c> or <c>key=value</c> line (YAML, JSON, dotenv, properties, INI),
    /// false for another line, null for a blank line, a comment, a section header or a key alone
    /// (a YAML mapping that opens below).
    /// </summary>
    private static bool? ReadPair(ReadOnlySpan<char> line, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        key = value = default;
        line = line.Trim();
        if (line.StartsWith("- "))
        {
            line = line[2..].TrimStart();
        }

        if (line.IsEmpty || line[0] is '#' or ';' or '!' || line.StartsWith("//") || (line[0] == '[' && line[^1] == ']'))
        {
            return null;
        }

        var separator = line.IndexOfAny(':', '=');
        if (separator <= 0)
        {
            return false;
        }

        key = Unquote(line[..separator].Trim());
        if (key.StartsWith("export "))
        {
            key = key[7..].TrimStart();
        }

        value = Unquote(line[(separator + 1)..].Trim().TrimEnd(','));
        if (key.IsEmpty || key.IndexOfAny(' ', '\t') >= 0)
        {
            return false;
        }

        // An empty value opens a mapping below; a flow mapping or list is structure, not a literal.
        return value.IsEmpty || value[0] is '{' or '[' ? null : true;
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> s) =>
        s.Length >= 2 && (s[0] is '"' or '\'') && s[^1] == s[0] ? s[1..^1] : s;

    /// <summary>Properties keys are dotted paths (<c>acceptor.keyStorePassword</c>); the last segment is the key.</summary>
    private static ReadOnlySpan<char> LastSegment(ReadOnlySpan<char> key)
    {
        var dot = key.LastIndexOf('.');
        return dot < 0 || dot == key.Length - 1 ? key : key[(dot + 1)..];
    }
}

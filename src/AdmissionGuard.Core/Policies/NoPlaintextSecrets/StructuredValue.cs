using AdmissionGuard.Core.Manifests;
using YamlDotNet.Core;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// A Secret value that is a file of settings (<c>roles.yml</c>, <c>config.yaml</c>, <c>.env</c>,
/// <c>application.properties</c>, JSON): parsed, and its keys judged as Helm values are
/// (<see cref="ValueTreeScanner"/>), so that a credential in it is found by its key and a file of
/// role definitions holds none. Only values of several lines, or a JSON object, are parsed.
/// </summary>
internal static class StructuredValue
{
    /// <summary>True when the text is a mapping (YAML, JSON) or lines of <c>key=value</c>; its credentials go into <paramref name="hits"/>.</summary>
    public static bool TryJudge(ReadOnlySpan<char> text, ValueTreeScanner scanner, CredentialHits hits)
    {
        var body = text.Trim();
        var isJson = body.StartsWith('{') && body.EndsWith('}');
        if (!isJson && body.IndexOf('\n') < 0)
        {
            return false;
        }

        if (TryReadTree(body, scanner, hits))
        {
            return true;
        }

        return !isJson && TryReadLines(body, scanner, hits);
    }

    private static bool TryReadTree(ReadOnlySpan<char> text, ValueTreeScanner scanner, CredentialHits hits)
    {
        IReadOnlyList<ManifestDocument> documents;
        try
        {
            documents = ManifestReader.Read(text.ToString(), "secret value");
        }
        catch (Exception e) when (e is YamlException or JsonException)
        {
            return false;
        }

        var any = false;
        foreach (var document in documents)
        {
            if (document.Content is not JsonObject root)
            {
                return false;
            }

            using var json = JsonDocument.Parse(root.ToJsonString());
            scanner.Scan(json.RootElement, hits);
            any = true;
        }

        return any;
    }

    /// <summary>dotenv, Java properties and INI: <c>key=value</c> (or <c>key: value</c>) lines, comments and <c>[sections]</c>; at least as many pairs as other lines.</summary>
    private static bool TryReadLines(ReadOnlySpan<char> text, ValueTreeScanner scanner, CredentialHits hits)
    {
        var pairs = 0;
        var others = 0;
        foreach (var range in text.Split('\n'))
        {
            switch (ReadLine(text[range], out _, out _))
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

        foreach (var range in text.Split('\n'))
        {
            if (ReadLine(text[range], out var key, out var value) == true)
            {
                var name = key.ToString();
                hits.Add(name, scanner.JudgeLiteral(LastSegment(name), value));
            }
        }

        return true;
    }

    /// <summary>True for a <c>key=value</c> line, false for another line, null for a blank line, a comment or a section.</summary>
    private static bool? ReadLine(ReadOnlySpan<char> line, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        key = value = default;
        line = line.Trim();
        if (line.IsEmpty || line[0] is '#' or ';' or '!' || (line[0] == '[' && line[^1] == ']'))
        {
            return null;
        }

        var eq = line.IndexOfAny('=', ':');
        if (eq <= 0)
        {
            return false;
        }

        key = line[..eq].Trim();
        if (key.StartsWith("export "))
        {
            key = key[7..].TrimStart();
        }

        value = line[(eq + 1)..].Trim().Trim('"').Trim('\'');
        return key.IndexOfAny(' ', '\t') < 0;
    }

    /// <summary>Properties keys are dotted paths (<c>acceptor.keyStorePassword</c>); the last segment is the key.</summary>
    private static string LastSegment(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot < 0 || dot == key.Length - 1 ? key : key[(dot + 1)..];
    }
}

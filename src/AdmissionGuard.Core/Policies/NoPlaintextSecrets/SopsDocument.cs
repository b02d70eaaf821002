using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// A SOPS-encrypted file held in one Secret value, as kustomize's secretGenerator makes it from an
/// encrypted file (Flux's kustomize-controller decrypts such values when it applies them). SOPS
/// writes its metadata in each format's own way (getsops/sops, stores/): a top-level <c>sops</c>
/// mapping in YAML and JSON, <c>sops_*</c> keys in dotenv, a <c>[sops]</c> section in INI; every
/// form carries <c>version</c> and the <c>mac</c>, itself an <c>ENC[AES256_GCM,...]</c> value.
/// Encrypted values are <c>ENC[...]</c> too; what is not (an <c>encrypted_regex</c> that missed a
/// key, an <c>unencrypted_suffix</c>) is judged by <see cref="ValueTreeScanner"/>.
/// </summary>
internal static class SopsDocument
{
    private const string Mac = "ENC[AES256_GCM,";

    /// <summary>
    /// True when the text is a SOPS-encrypted file; <paramref name="leaks"/> then holds the keys
    /// whose plaintext values could be credentials. Only text that contains both <c>sops</c> and
    /// an <c>ENC[AES256_GCM,</c> value is parsed, so an ordinary value costs two searches.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> text, ValueTreeScanner scanner, CredentialHits leaks)
    {
        if (!text.Contains("sops", StringComparison.Ordinal) || !text.Contains(Mac, StringComparison.Ordinal))
        {
            return false;
        }

        var body = text.TrimStart();
        if (body.StartsWith('{'))
        {
            return TryReadTree(text, scanner, leaks);
        }

        if (HasLine(text, "[sops]"))
        {
            return TryReadIni(text, scanner, leaks);
        }

        if (HasLinePrefix(text, "sops_mac=") && HasLinePrefix(text, "sops_version="))
        {
            ReadDotenv(text, scanner, leaks);
            return true;
        }

        return TryReadTree(text, scanner, leaks);
    }

    /// <summary>
    /// YAML or JSON: a mapping whose <c>sops</c> mapping has <c>mac</c> and <c>version</c>. A
    /// multi-document YAML file carries the metadata in every document, so every one must.
    /// </summary>
    private static bool TryReadTree(ReadOnlySpan<char> text, ValueTreeScanner scanner, CredentialHits leaks)
    {
        var documents = ManifestReader.Read(text.ToString(), "secret value");
        var roots = new List<JsonObject>(documents.Count);
        foreach (var document in documents)
        {
            if (document.Content is not JsonObject root || root["sops"] is not JsonObject sops || sops["mac"] is null || sops["version"] is null)
            {
                return false;
            }

            roots.Add(root);
        }

        if (roots.Count == 0)
        {
            return false;
        }

        foreach (var root in roots)
        {
            using var json = JsonDocument.Parse(root.ToJsonString());
            scanner.Scan(json.RootElement, leaks, skipKey: "sops");
        }

        return true;
    }

    /// <summary>Lines of <c>KEY=VALUE</c> and <c># comments</c>; <c>sops_*</c> keys are the metadata.</summary>
    private static void ReadDotenv(ReadOnlySpan<char> text, ValueTreeScanner scanner, CredentialHits leaks)
    {
        foreach (var range in text.Split('\n'))
        {
            var line = text[range].TrimEnd('\r');
            var eq = line.IndexOf('=');
            if (line.IsEmpty || line[0] == '#' || eq <= 0)
            {
                continue;
            }

            var key = line[..eq].ToString();
            if (!key.StartsWith("sops_", StringComparison.Ordinal))
            {
                leaks.Add(key, scanner.JudgeLiteral(key, line[(eq + 1)..]));
            }
        }
    }

    /// <summary>INI sections of <c>key = value</c>; the <c>[sops]</c> section is the metadata, and must hold <c>mac</c>.</summary>
    private static bool TryReadIni(ReadOnlySpan<char> text, ValueTreeScanner scanner, CredentialHits leaks)
    {
        var section = string.Empty;
        var hasMac = false;
        foreach (var range in text.Split('\n'))
        {
            var line = text[range].Trim();
            if (line.IsEmpty || line[0] is ';' or '#')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                section = line[1..^1].Trim().ToString();
                continue;
            }

            var eq = line.IndexOfAny('=', ':');
            if (eq <= 0)
            {
                continue;
            }

            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (section == "sops")
            {
                hasMac |= key.SequenceEqual("mac") && value.StartsWith(Mac, StringComparison.Ordinal);
                continue;
            }

            leaks.Add(section.Length == 0 ? key.ToString() : $"{section}.{key}", scanner.JudgeLiteral(key.ToString(), value));
        }

        if (!hasMac)
        {
            }

        return hasMac;
    }

    private static bool HasLine(ReadOnlySpan<char> text, string line)
    {
        foreach (var range in text.Split('\n'))
        {
            if (text[range].Trim().SequenceEqual(line))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasLinePrefix(ReadOnlySpan<char> text, string prefix)
    {
        foreach (var range in text.Split('\n'))
        {
            if (text[range].StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

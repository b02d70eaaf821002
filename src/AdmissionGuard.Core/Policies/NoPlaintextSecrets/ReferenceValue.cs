namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// Values that name where a credential lives instead of holding it. Each form is resolved by a
/// tool before or after the object reaches the cluster, so the text itself leaks nothing:
/// <list type="bullet">
/// <item><c>${VAR}</c> / <c>$(VAR)</c> only, with punctuation between: Flux post-build substitution,
/// envsubst, Kubernetes' dependent env vars.</item>
/// <item><c>op://vault/item/[section/]field</c>: a 1Password secret reference.</item>
/// <item><c>ref+backend://...</c>: a vals reference (helmfile/vals).</item>
/// <item><c>&lt;path:some/path#key&gt;</c> (optionally <c>#version</c>): an argocd-vault-plugin placeholder.</item>
/// <item><c>ENC[AES256_GCM,data:...]</c>: a SOPS-encrypted value.</item>
/// </list>
/// Every test is a linear scan of the value; nothing allocates.
/// </summary>
internal static class ReferenceValue
{
    public static bool IsReference(ReadOnlySpan<char> value)
    {
        var v = value.Trim();
        return !v.IsEmpty
            && (IsOnlyVariables(v) || IsOnePassword(v) || IsVals(v) || IsVaultPluginPath(v) || IsSopsCiphertext(v));
    }

    /// <summary>
    /// True when the value is one or more <c>$(NAME)</c> / <c>${NAME}</c> references with nothing
    /// but punctuation between them (<c>$(USER):$(PASSWORD)</c>): no literal letter or digit can
    /// hide a credential there.
    /// </summary>
    public static bool IsOnlyVariables(ReadOnlySpan<char> v)
    {
        var references = 0;
        var i = 0;
        while (i < v.Length)
        {
            var c = v[i];
            if (c == '$' && i + 1 < v.Length && v[i + 1] is '(' or '{')
            {
                var close = v[i + 1] == '(' ? ')' : '}';
                var end = v[(i + 2)..].IndexOf(close);
                if (end <= 0 || !IsVariableName(v.Slice(i + 2, end)))
                {
                    return false;
                }

                references++;
                i += end + 3;
            }
            else if (char.IsLetterOrDigit(c))
            {
                return false;
            }
            else
            {
                i++;
            }
        }

        return references > 0;
    }

    /// <summary>
    /// <c>op://vault/item/[section/]field[?attribute=...]</c>: two or three slashes after the vault,
    /// no empty segment, and only the characters 1Password allows in names (letters, digits,
    /// <c>-</c>, <c>_</c>, <c>.</c> and spaces).
    /// </summary>
    public static bool IsOnePassword(ReadOnlySpan<char> v)
    {
        if (!v.StartsWith("op://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var path = v["op://".Length..];
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        var segments = 0;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty)
            {
                return false;
            }

            foreach (var c in segment)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ' '))
                {
                    return false;
                }
            }

            segments++;
        }

        return segments is 3 or 4;
    }

    /// <summary><c>ref+BACKEND://PATH[?PARAMS][#FRAGMENT][+]</c>: vals' expression syntax.</summary>
    public static bool IsVals(ReadOnlySpan<char> v)
    {
        if (!v.StartsWith("ref+", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = v[4..];
        var scheme = rest.IndexOf("://");
        if (scheme <= 0 || rest.Length == scheme + 3)
        {
            return false;
        }

        foreach (var c in rest[..scheme])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return !rest.ContainsAny(' ', '\t', '\n');
    }

    /// <summary><c>&lt;path:secret/data/app#password&gt;</c> or <c>&lt;path:...#key#version&gt;</c>: an argocd-vault-plugin inline-path placeholder.</summary>
    public static bool IsVaultPluginPath(ReadOnlySpan<char> v)
    {
        if (!v.StartsWith("<path:", StringComparison.Ordinal) || !v.EndsWith('>'))
        {
            return false;
        }

        var inner = v["<path:".Length..^1];
        var hash = inner.IndexOf('#');
        return hash > 0 && hash < inner.Length - 1 && inner.IndexOfAny('<', '>', '\n') < 0;
    }

    /// <summary><c>ENC[AES256_GCM,data:...,iv:...,tag:...,type:str]</c>: SOPS's only cipher; another shape is plaintext.</summary>
    public static bool IsSopsCiphertext(ReadOnlySpan<char> v) =>
        v.StartsWith("ENC[AES256_GCM,data:", StringComparison.Ordinal) && v.EndsWith(']') && v.IndexOfAny(' ', '\n') < 0;

    /// <summary>A Kubernetes env var name: <c>[-._a-zA-Z][-._a-zA-Z0-9]*</c>.</summary>
    private static bool IsVariableName(ReadOnlySpan<char> name)
    {
        if (char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}

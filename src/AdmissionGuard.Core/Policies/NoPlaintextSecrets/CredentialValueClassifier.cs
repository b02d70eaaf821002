namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// Decides whether a literal value under a credential-like name could be a credential. Real charts
/// are full of near misses (docs/no-plaintext-secrets.md): booleans, numbers, references to other variables, file
/// paths, plain URLs. Each rule is a linear scan of the value; nothing here allocates (URLs are
/// judged by <see cref="CredentialUrlInspector"/>).
/// </summary>
internal sealed class CredentialValueClassifier(CredentialNameMatcher names)
{
    private static readonly string[] BooleanWords = ["true", "false", "yes", "no", "on", "off"];

    /// <summary>Go durations and Kubernetes quantities: the units a lifetime or a size is written in.</summary>
    private static readonly string[] Units =
        ["ns", "us", "µs", "ms", "s", "m", "h", "d", "w", "y", "k", "K", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    /// <summary>Prefixes of references that a secret injector resolves in the pod (bank-vaults, AWS ARNs, vals).</summary>
    private static readonly string[] SecretReferencePrefixes = ["vault:", "arn:aws", "ref+"];

    private readonly CredentialUrlInspector urls = new(names);

    public LiteralKind Classify(ReadOnlySpan<char> value)
    {
        var v = value.Trim();
        if (v.IsEmpty)
        {
            return LiteralKind.Empty;
        }

        if (IsBoolean(v))
        {
            return LiteralKind.Boolean;
        }

        if (IsNumber(v))
        {
            return LiteralKind.Number;
        }

        if (IsDuration(v))
        {
            return LiteralKind.Duration;
        }

        if (IsTemplate(v))
        {
            return LiteralKind.Template;
        }

        if (IsOnlyReferences(v))
        {
            return LiteralKind.References;
        }

        if (v.ContainsAny(' ', '\t', '\n') || v.Contains('\r'))
        {
            return LiteralKind.Credential;
        }

        if (StartsWithAny(v, SecretReferencePrefixes))
        {
            return LiteralKind.SecretReference;
        }

        var url = urls.Classify(v);
        if (url is not null)
        {
            return url.Value;
        }

        return IsFilePath(v) ? LiteralKind.FilePath : LiteralKind.Credential;
    }

    private static bool IsBoolean(ReadOnlySpan<char> v)
    {
        foreach (var word in BooleanWords)
        {
            if (v.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(ReadOnlySpan<char> v)
    {
        if (v[0] is '+' or '-')
        {
            v = v[1..];
        }

        var digits = 0;
        var dots = 0;
        foreach (var c in v)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.' && dots == 0)
            {
                dots++;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }

    /// <summary><c>30s</c>, <c>1h30m</c>, <c>1.5h</c>, <c>512Mi</c>: one or more number+unit pairs.</summary>
    private static bool IsDuration(ReadOnlySpan<char> v)
    {
        if (v.Length > 24 || !char.IsAsciiDigit(v[0]))
        {
            return false;
        }

        var i = 0;
        while (i < v.Length)
        {
            var start = i;
            while (i < v.Length && (char.IsAsciiDigit(v[i]) || v[i] == '.'))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            var unitStart = i;
            while (i < v.Length && !char.IsAsciiDigit(v[i]) && v[i] != '.')
            {
                i++;
            }

            if (!IsUnit(v[unitStart..i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnit(ReadOnlySpan<char> unit)
    {
        foreach (var u in Units)
        {
            if (unit.SequenceEqual(u))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTemplate(ReadOnlySpan<char> v) =>
        (v.StartsWith("{{") && v.EndsWith("}}"))
        || v.SequenceEqual("<no value>")
        || v.SequenceEqual("<nil>");

    /// <summary>
    /// True when the value is one or more <c>$(NAME)</c> / <c>${NAME}</c> references with nothing
    /// but punctuation between them (<c>$(USER):$(PASSWORD)</c>): no literal letter or digit can
    /// hide a credential there.
    /// </summary>
    private static bool IsOnlyReferences(ReadOnlySpan<char> v)
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

    private static bool StartsWithAny(ReadOnlySpan<char> v, string[] prefixes)
    {
        foreach (var p in prefixes)
        {
            if (v.StartsWith(p, StringComparison.OrdinalIgnoreCase) && v.Length > p.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>/etc/app/key.json</c>, <c>~/.aws/credentials</c>, <c>./certs/tls.key</c>: segments of plain name characters.</summary>
    private static bool IsFilePath(ReadOnlySpan<char> v)
    {
        ReadOnlySpan<char> rest;
        if (v[0] == '/')
        {
            rest = v[1..];
        }
        else if (v.StartsWith("~/") || v.StartsWith("./"))
        {
            rest = v[2..];
        }
        else
        {
            return false;
        }

        foreach (var c in rest)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('/' or '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}

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

    /// <summary>
    /// Prefixes of references that a secret injector resolves in the pod (bank-vaults, AWS ARNs);
    /// the forms GitOps tools resolve (vals, 1Password, argocd-vault-plugin, SOPS) are
    /// <see cref="ReferenceValue"/>'s.
    /// </summary>
    private static readonly string[] SecretReferencePrefixes = ["vault:", "arn:aws"];

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

        if (ReferenceValue.IsOnlyVariables(v))
        {
            return LiteralKind.References;
        }

        // Before the whitespace rule: 1Password names may contain spaces.
        if (ReferenceValue.IsReference(v))
        {
            return LiteralKind.SecretReference;
        }

        if (v.ContainsAny(' ', '\t', '\n') || v.Contains('\r'))
        {
            return LiteralKind.Credential;
        }

        if (StartsWithAny(v, SecretReferencePrefixes) || IsArgoCDSecretReference(v) || IsGrafanaExpansion(v))
        {
            return LiteralKind.SecretReference;
        }

        var url = urls.Classify(v);
        if (url is not null)
        {
            return url.Value;
        }

        return IsFilePath(v) || IsFileName(v) ? LiteralKind.FilePath : LiteralKind.Credential;
    }

    /// <summary>Extensions of the files a credential is kept in; <c>private.key</c>, <c>tls.crt</c>, <c>sa.json</c> name such a file.</summary>
    private static readonly string[] FileNameExtensions =
        [".key", ".pem", ".crt", ".cert", ".cer", ".der", ".p12", ".pfx", ".jks", ".keystore", ".truststore", ".json", ".yaml", ".yml", ".txt", ".conf", ".env", ".properties"];

    /// <summary>A file name: words (<see cref="ValueShape.IsWords"/>) and one of <see cref="FileNameExtensions"/>.</summary>
    private static bool IsFileName(ReadOnlySpan<char> v)
    {
        foreach (var extension in FileNameExtensions)
        {
            if (v.Length > extension.Length && v.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return ValueShape.IsWords(v[..^extension.Length]);
            }
        }

        return false;
    }

    private static bool IsBoolean(ReadOnlySpan<char> v) => BooleanWords.ContainsIgnoringCase(v);

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

    /// <summary>
    /// A template or a placeholder left for a person or a script to fill: <c>{{ .password }}</c>,
    /// <c>{{config_data}}</c>, <c>__REPLACE_ME__</c>, <c>&lt;your-password&gt;</c>.
    /// </summary>
    private static bool IsTemplate(ReadOnlySpan<char> v) =>
        (v.StartsWith("{{") && v.EndsWith("}}"))
        || (v.Length > 4 && v.StartsWith("__") && v.EndsWith("__") && ValueShape.IsWords(v[2..^2]))
        || (v.Length > 2 && v[0] == '<' && v[^1] == '>' && !v.Contains(':') && ValueShape.IsWords(v[1..^1]))
        || v.SequenceEqual("<no value>")
        || v.SequenceEqual("<nil>");

    /// <summary>
    /// Argo CD's reference to a Secret key in its own configuration (argocd-cm, Dex and OIDC
    /// settings): <c>$oidc.keycloak.clientSecret</c> (a key of argocd-secret) or
    /// <c>$&lt;secret&gt;:&lt;key&gt;</c> (a key of another Secret labelled for Argo CD), per Argo CD's
    /// "Sensitive Data and SSO Client Secrets". A <c>$</c> word without <c>.</c> or <c>:</c> is a literal.
    /// </summary>
    private static bool IsArgoCDSecretReference(ReadOnlySpan<char> v)
    {
        if (v.Length < 4 || v[0] != '$' || v[1..].IndexOfAny('.', ':') < 1)
        {
            return false;
        }

        foreach (var c in v[1..])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or ':' or '-' or '_'))
            {
                return false;
            }
        }

        return v[^1] is not ('.' or ':');
    }

    /// <summary>Grafana's variable expansion in its configuration: <c>$__file{/etc/secrets/x}</c>, <c>$__env{VAR}</c>, <c>$__vault{...}</c>, resolved by Grafana at start.</summary>
    private static bool IsGrafanaExpansion(ReadOnlySpan<char> v) =>
        (v.StartsWith("$__file{") || v.StartsWith("$__env{") || v.StartsWith("$__vault{"))
        && v.EndsWith('}') && v.IndexOf('}') == v.Length - 1;

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

using System.Text.RegularExpressions;
using AdmissionGuard.Core.Configuration;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// Tells whether an env var or ConfigMap key is named like a credential: the name matches
/// <c>credentialNamePattern</c> and does not end in a pointer suffix (<c>POSTGRES_PASSWORD_FILE</c>
/// names a file holding the password, not the password). The pattern is compiled once, when the
/// policy is built (<see cref="PolicyFileFormat.CompilePattern"/>), with a match timeout.
/// </summary>
internal sealed class CredentialNameMatcher
{
    /// <summary>
    /// Name endings that say the value points at or describes a credential rather than being one
    /// (docs/no-plaintext-secrets.md). Matched case-insensitively after a separator (<c>_</c>, <c>-</c>, <c>.</c>) or
    /// at a camelCase boundary (<c>passwordFile</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> PointerSuffixes =
    [
        "FILE", "PATH", "DIR", "CMD", "COMMAND", "NAME", "REF", "URL", "URI", "ENDPOINT", "HOST", "PORT",
        "USER", "USERNAME", "ID", "LENGTH", "TTL", "EXPIRY", "ENABLED", "TYPE", "MODE", "HEADER", "FIELD",
        "NAMESPACE",
    ];

    /// <summary>
    /// ConfigMap keys that name program text: a script that handles tokens
    /// (<c>manage-es-token.js</c> in Elastic's Kibana chart) is code, not a credential. Data files
    /// (<c>credentials.json</c>, <c>secret.yaml</c>) stay suspect.
    /// </summary>
    public static readonly IReadOnlyList<string> ScriptExtensions = [".sh", ".bash", ".js", ".mjs", ".ts", ".py", ".rb", ".pl", ".lua", ".ps1", ".go"];

    private readonly Regex pattern;

    public CredentialNameMatcher(string credentialNamePattern)
    {
        // Case-insensitive, culture-invariant, with a match timeout: as every policy-file pattern.
        pattern = PolicyFileFormat.CompilePattern(credentialNamePattern);
    }

    /// <summary>True when the name matches the pattern and ends neither in a pointer suffix nor in a script extension.</summary>
    public bool IsCredentialName(string name) => IsCredentialName(name.AsSpan());

    /// <inheritdoc cref="IsCredentialName(string)"/>
    public bool IsCredentialName(ReadOnlySpan<char> name) =>
        name.Length > 0 && MatchesPattern(name) && !HasPointerSuffix(name) && !HasScriptExtension(name);

    /// <summary>
    /// The pattern is tried on the name as written and, when it contains <c>-</c> or <c>.</c>, once
    /// more with those read as <c>_</c>: ConfigMap keys are often <c>api-key</c> or
    /// <c>private.key</c>, which the default <c>api_?key</c> and <c>private_?key</c> should catch.
    /// </summary>
    public bool MatchesPattern(ReadOnlySpan<char> name)
    {
        try
        {
            if (pattern.IsMatch(name))
            {
                return true;
            }

            if (name.IndexOfAny('-', '.') < 0)
            {
                return false;
            }

            Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
            return pattern.IsMatch(Underscored(name, buffer));
        }
        catch (RegexMatchTimeoutException)
        {
            // A pattern that cannot decide on a short name is the admin's to fix; meanwhile the
            // value is judged as if the name matched, so a credential is not waved through.
            return true;
        }
    }

    /// <summary>
    /// What a credential-named key says about its value (docs/no-plaintext-secrets.md, "Key
    /// names"), from where the last match of the pattern ends: at the end of the name, the key
    /// names the credential itself (<c>MYSQL_PASSWORD</c>, <c>apiKey</c>; <c>credentials</c> as
    /// a plural); ending in <c>secret</c>, it may name a Secret object instead
    /// (<c>envFrom[0].secret</c>, <c>githubConfigSecret</c>); followed by <c>Key</c>, it may name
    /// a key of a Secret (<c>secretKey</c>, <c>SECRET_KEY</c>); followed by other words, it names
    /// a setting about a credential (<c>PASSWORD_COMPLEXITY</c>, <c>tokenAudience</c>). File-name
    /// extensions are not words of the name (<c>credentials.json</c>). Call only for names that
    /// <see cref="IsCredentialName"/> accepts; nothing is allocated unless the name holds
    /// <c>-</c> or <c>.</c>.
    /// </summary>
    public KeyRole RoleOf(ReadOnlySpan<char> name)
    {
        var stem = StripExtension(name);
        if (stem.EndsWith(SopsUnencryptedSuffix, StringComparison.OrdinalIgnoreCase) && stem.Length > SopsUnencryptedSuffix.Length)
        {
            stem = stem[..^SopsUnencryptedSuffix.Length];
        }

        Span<char> buffer = stem.Length <= 256 ? stackalloc char[stem.Length] : new char[stem.Length];
        ReadOnlySpan<char> normal = stem.IndexOfAny('-', '.') < 0 ? stem : Underscored(stem, buffer);
        var end = -1;
        var start = -1;
        try
        {
            foreach (var m in pattern.EnumerateMatches(normal))
            {
                if (m.Length > 0)
                {
                    start = m.Index;
                    end = m.Index + m.Length;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return KeyRole.Itself;
        }

        if (end < 0)
        {
            return KeyRole.Setting;
        }

        var rest = normal[end..].TrimStart('_');
        var word = normal[start..end];
        if (rest.IsEmpty)
        {
            return word.EndsWith("secret", StringComparison.OrdinalIgnoreCase) ? KeyRole.SecretOrName : KeyRole.Itself;
        }

        if (rest.Equals("s", StringComparison.OrdinalIgnoreCase))
        {
            return KeyRole.Plural;
        }

        if (rest.Equals("key", StringComparison.OrdinalIgnoreCase))
        {
            return KeyRole.SecretOrKeyName;
        }

        if (IsSettingWord(FirstWord(rest)))
        {
            return KeyRole.Setting;
        }

        // camelCase with an acronym after the credential's name (passwordSSH, tokenLDAP): the
        // credential of that system. In UPPER_SNAKE every word is upper case, so it cannot tell.
        return IsAcronym(rest) && word.ContainsAnyInRange('a', 'z') ? KeyRole.Itself : KeyRole.Qualified;
    }

    /// <summary>
    /// Words that, after a credential's name, make the key a property of credentials rather than
    /// one: how they are checked, hashed, formed, rotated, issued or stored
    /// (<c>PASSWORD_COMPLEXITY</c>, <c>PASSWORD_HASH</c>, <c>tokenAudience</c>, <c>SECRET_BACKEND</c>).
    /// </summary>
    private static readonly string[] SettingWords =
    [
        "complexity", "policy", "policies", "rule", "rules", "pattern", "regex", "strength", "required", "require",
        "min", "max", "minimum", "maximum", "age", "history", "expiration", "expire", "expires", "lifetime", "rotation", "reset",
        "hash", "hashing", "algorithm", "algo", "encoding", "encoder", "format", "method", "scheme",
        "issuer", "audience", "scope", "scopes", "provider", "backend", "store", "source", "location", "version", "prefix", "suffix",
        "timeout", "interval", "retries", "cache", "count", "size",
    ];

    private static bool IsAcronym(ReadOnlySpan<char> rest) =>
        rest.Length is >= 2 and <= 6 && !rest.ContainsAnyExceptInRange('A', 'Z');

    private static bool IsSettingWord(ReadOnlySpan<char> word) => SettingWords.ContainsIgnoringCase(word);

    /// <summary>The first word of the rest of a name: up to <c>_</c> or a camelCase boundary.</summary>
    private static ReadOnlySpan<char> FirstWord(ReadOnlySpan<char> rest)
    {
        for (var i = 1; i < rest.Length; i++)
        {
            if (rest[i] == '_' || (char.IsAsciiLetterUpper(rest[i]) && char.IsAsciiLetterLower(rest[i - 1])))
            {
                return rest[..i];
            }
        }

        return rest;
    }

    /// <summary>SOPS's default <c>unencrypted_suffix</c>: it says the value was left in plaintext, not what the value is.</summary>
    private const string SopsUnencryptedSuffix = "_unencrypted";

    /// <summary>File-name extensions that are not words of a key: <c>credentials.json</c> is <c>credentials</c>.</summary>
    private static readonly string[] FileExtensions = [".json", ".yaml", ".yml", ".env", ".txt", ".conf", ".cfg", ".ini", ".toml", ".properties", ".xml"];

    private static ReadOnlySpan<char> StripExtension(ReadOnlySpan<char> name)
    {
        foreach (var extension in FileExtensions)
        {
            if (name.Length > extension.Length && name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^extension.Length];
            }
        }

        return name;
    }

    /// <summary>The name with <c>-</c> and <c>.</c> read as <c>_</c>, written into <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<char> Underscored(ReadOnlySpan<char> name, Span<char> buffer)
    {
        name.CopyTo(buffer);
        buffer = buffer[..name.Length];
        buffer.Replace('-', '_');
        buffer.Replace('.', '_');
        return buffer;
    }

    public static bool HasPointerSuffix(ReadOnlySpan<char> name)
    {
        foreach (var suffix in PointerSuffixes)
        {
            if (name.Length <= suffix.Length || !name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var start = name.Length - suffix.Length;
            var before = name[start - 1];
            if (before is '_' or '-' or '.')
            {
                return true;
            }

            // camelCase: "passwordFile", "tokenPath"; not "PASSWORDFILE" nor "passwordfile".
            if (char.IsAsciiLetterUpper(name[start]) && (char.IsAsciiLetterLower(before) || char.IsAsciiDigit(before)))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasScriptExtension(ReadOnlySpan<char> name)
    {
        foreach (var extension in ScriptExtensions)
        {
            if (name.Length > extension.Length && name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

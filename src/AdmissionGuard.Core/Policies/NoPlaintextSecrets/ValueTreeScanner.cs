namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// Walks a tree of values (Helm values, the plaintext part of a SOPS-encrypted file) and collects
/// the paths of credential-named keys holding a literal that could be a credential: the
/// envLiterals name and value rules, plus keys that name a Secret rather than hold one
/// (<see cref="NamesASecret"/>). A Kubernetes-style env entry (<c>{name: DB_PASSWORD, value: ...}</c>,
/// as in a chart's <c>extraEnv</c>) is judged by its <c>name</c>. Never keeps a value.
/// </summary>
internal sealed class ValueTreeScanner(CredentialNameMatcher names, CredentialValueClassifier values)
{
    /// <summary>Nesting beyond this is not walked: values deeper than any chart's are not worth a stack.</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// Collects the dotted paths (<c>auth.postgresPassword</c>, <c>extraEnv[0].value</c>) under
    /// <paramref name="node"/>; <paramref name="skipKey"/> is a top-level key not walked (SOPS's own
    /// <c>sops</c> metadata).
    /// </summary>
    public void Scan(JsonElement node, ref List<string>? found, string? skipKey = null) =>
        Walk(node, string.Empty, null, skipKey, 0, ref found);

    /// <summary>One key and its literal value, as a values file or a <c>--set</c> parameter holds them.</summary>
    public bool IsCredentialLiteral(string key, string value) =>
        names.IsCredentialName(key) && !NamesASecret(key) && values.Classify(value).CouldBeCredential();

    /// <summary>
    /// Values keys that point at a Secret and so hold its name, not its content: anything with
    /// <c>existingSecret</c> in it (Bitnami's <c>auth.existingSecret</c>,
    /// <c>existingSecretPasswordKey</c>), <c>passwordKey</c> and <c>*PasswordKey</c> (the key inside
    /// that Secret, Bitnami's <c>auth.secretKeys.adminPasswordKey</c>), and <c>imagePullSecrets</c> /
    /// <c>pullSecrets</c>. <c>secretName</c>, <c>*SecretName</c> and <c>secretRef</c> already end in
    /// a pointer suffix.
    /// </summary>
    public static bool NamesASecret(ReadOnlySpan<char> key) =>
        key.Contains("existingSecret", StringComparison.OrdinalIgnoreCase)
        || EndsWithWord(key, "passwordKey")
        || EndsWithWord(key, "pullSecrets");

    /// <summary>The key ends in the word, as the whole key or after a separator or a camelCase boundary.</summary>
    private static bool EndsWithWord(ReadOnlySpan<char> key, string word)
    {
        if (!key.EndsWith(word, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var start = key.Length - word.Length;
        return start == 0 || key[start - 1] is '_' or '-' or '.' || char.IsAsciiLetterUpper(key[start]);
    }

    private void Walk(JsonElement node, string path, string? key, string? skipKey, int depth, ref List<string>? found)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                if (IsEnvEntry(node, out var envName, out var envValue))
                {
                    Judge(envName, envValue, Join(path, "value"), ref found);
                    return;
                }

                foreach (var property in node.EnumerateObject())
                {
                    if (depth == 0 && property.Name == skipKey)
                    {
                        continue;
                    }

                    Walk(property.Value, Join(path, property.Name), property.Name, null, depth + 1, ref found);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in node.EnumerateArray())
                {
                    // A list of strings under a credential-named key (passwords: [...]) is judged by that key.
                    Walk(item, $"{path}[{i++}]", key, null, depth + 1, ref found);
                }

                break;
            case JsonValueKind.String when key is not null:
                Judge(key, node.GetString()!, path, ref found);
                break;
        }
    }

    private void Judge(string key, string value, string path, ref List<string>? found)
    {
        if (value.Length > 0 && IsCredentialLiteral(key, value))
        {
            (found ??= []).Add(path);
        }
    }

    private static bool IsEnvEntry(JsonElement node, out string name, out string value)
    {
        name = value = string.Empty;
        if (node.TryGetProperty("name"u8, out var n) && n.ValueKind == JsonValueKind.String
            && node.TryGetProperty("value"u8, out var v) && v.ValueKind == JsonValueKind.String)
        {
            name = n.GetString()!;
            value = v.GetString()!;
            return true;
        }

        return false;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}

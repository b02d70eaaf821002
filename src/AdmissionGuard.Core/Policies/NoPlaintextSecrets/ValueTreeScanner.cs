namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// Walks a tree of values (Helm values, a structured Secret value, the plaintext part of a
/// SOPS-encrypted file) and collects, by path, the credential-named keys whose literal is a
/// credential (certain or doubtful, <see cref="CredentialJudge"/>) and every string holding a
/// private key or a known token format, whatever its key. Not judged (docs/no-plaintext-secrets.md,
/// "Key names"): metadata (anything under <c>annotations</c>, <c>labels</c>, <c>podAnnotations</c>,
/// <c>podLabels</c> and other <c>*Annotations</c>/<c>*Labels</c> maps), keys that name a Secret
/// (<see cref="NamesASecret"/>), and the words under a map of Secret key names
/// (<c>secretKeys</c>) or beside an <c>existingSecret</c>. A Kubernetes-style env entry
/// (<c>{name: DB_PASSWORD, value: ...}</c>, as in a chart's <c>extraEnv</c>) is judged by its
/// <c>name</c>. Never keeps a value.
/// </summary>
internal sealed class ValueTreeScanner(CredentialJudge judge)
{
    private readonly CredentialNameMatcher names = judge.Names;

    /// <summary>Nesting beyond this is not walked: values deeper than any chart's are not worth a stack.</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// Collects the dotted paths (<c>auth.postgresPassword</c>, <c>extraEnv[0].value</c>) under
    /// <paramref name="node"/>; <paramref name="skipKey"/> is a top-level key not walked (SOPS's own
    /// <c>sops</c> metadata).
    /// </summary>
    public void Scan(JsonElement node, CredentialHits hits, string? skipKey = null) =>
        Walk(node, string.Empty, null, skipKey, KeyNames.No, 0, hits);

    public CredentialNameMatcher Names => names;

    /// <inheritdoc cref="CredentialJudge.IsUrlWithCredentials"/>
    public bool IsUrlWithCredentials(ReadOnlySpan<char> value) => judge.IsUrlWithCredentials(value);

    /// <summary>One key and its literal value, as a values file, a <c>--set</c> parameter or a properties line holds them.</summary>
    public Judgement JudgeLiteral(ReadOnlySpan<char> key, ReadOnlySpan<char> value) =>
        NamesASecret(key) ? Judgement.None : judge.Judge(key, value);

    /// <summary>
    /// Values keys that point at a Secret and so hold its name, not its content: anything with
    /// <c>existingSecret</c> in it (Bitnami's <c>auth.existingSecret</c>,
    /// <c>existingSecretPasswordKey</c>), <c>passwordKey</c> and <c>*PasswordKey</c> (the key inside
    /// that Secret, Bitnami's <c>auth.secretKeys.adminPasswordKey</c>), and <c>imagePullSecrets</c> /
    /// <c>pullSecrets</c>. <c>secretName</c>, <c>*SecretName</c> and <c>secretRef</c> already end in
    /// a pointer suffix.
    /// </summary>
    public static bool NamesASecret(ReadOnlySpan<char> key) =>
        NamesExistingSecret(key)
        || EndsWithWord(key, "passwordKey")
        || EndsWithWord(key, "pullSecrets");

    /// <summary><c>existingSecret</c>, <c>existing-secret</c>, <c>EXISTING_SECRET</c> anywhere in the key.</summary>
    private static bool NamesExistingSecret(ReadOnlySpan<char> key)
    {
        var at = key.IndexOf("existing", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return false;
        }

        var rest = key[(at + "existing".Length)..];
        if (!rest.IsEmpty && rest[0] is '-' or '_' or '.')
        {
            rest = rest[1..];
        }

        return rest.StartsWith("secret", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Kubernetes metadata maps written into values: their keys and values are annotations and labels, never credentials.</summary>
    public static bool IsMetadataMap(ReadOnlySpan<char> key) =>
        EndsWithWord(key, "annotations") || EndsWithWord(key, "labels");

    /// <summary>A map whose entries name keys of a Secret (<c>secretKeys</c>, <c>existingSecretKeys</c>).</summary>
    private static bool NamesSecretKeys(ReadOnlySpan<char> key) => EndsWithWord(key, "secretKeys");

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

    /// <summary>Whether the strings of a mapping may be names of keys in a Secret (under <c>secretKeys</c>, or beside <c>existingSecret</c>).</summary>
    private enum KeyNames
    {
        No,
        Yes,
    }

    private void Walk(JsonElement node, string path, string? key, string? skipKey, KeyNames keyNames, int depth, CredentialHits hits)
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
                    Judge(envName, envValue, Join(path, "value"), KeyNames.No, hits);
                    return;
                }

                // Beside an existingSecret, the strings of this mapping name keys of that Secret; under
                // a secretKeys map, everything does.
                var siblings = HasExistingSecret(node);
                foreach (var property in node.EnumerateObject())
                {
                    if ((depth == 0 && property.Name == skipKey) || IsMetadataMap(property.Name))
                    {
                        continue;
                    }

                    var below = keyNames == KeyNames.Yes || NamesSecretKeys(property.Name)
                        || (siblings && property.Value.ValueKind == JsonValueKind.String) ? KeyNames.Yes : KeyNames.No;
                    Walk(property.Value, Join(path, property.Name), property.Name, null, below, depth + 1, hits);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in node.EnumerateArray())
                {
                    // A list of strings under a credential-named key (passwords: [...]) is judged by that key.
                    Walk(item, $"{path}[{i++}]", key, null, KeyNames.No, depth + 1, hits);
                }

                break;
            case JsonValueKind.String:
                Judge(key, node.GetString()!, path, keyNames, hits);
                break;
            case JsonValueKind.Number when key is not null:
                Judge(key, node.GetRawText(), path, keyNames, hits);
                break;
        }
    }

    private void Judge(string? key, string value, string path, KeyNames keyNames, CredentialHits hits)
    {
        if (value.Length == 0)
        {
            return;
        }

        if (KnownFormats.Find(value) is { } found)
        {
            hits.AddFormats(path, found);
            return;
        }

        if (key is null)
        {
            return;
        }

        // A file of settings in a value (a config file a chart writes into a ConfigMap or Secret)
        // is judged by its own keys; its name says less than what it holds.
        var inside = StructuredValue.MayBe(value) ? new CredentialHits() : null;
        if (inside is not null && StructuredValue.TryJudge(value, this, inside, out var random))
        {
            if (inside.Certain is not null || (random && names.IsCredentialName(key) && names.RoleOf(key) is KeyRole.Itself or KeyRole.Plural))
            {
                hits.Add(path, new Judgement(Certainty.Certain));
            }
            else if (inside.Doubtful is not null)
            {
                hits.Add(path, new Judgement(Certainty.Doubtful, inside.Doubt));
            }

            return;
        }

        if (judge.IsUrlWithCredentials(value))
        {
            hits.Add(path, new Judgement(Certainty.Certain, IsUrl: true));
            return;
        }

        var judgement = JudgeLiteral(key, value);
        if (keyNames == KeyNames.Yes && judgement.Certainty != Certainty.None && !ValueShape.LooksRandom(value) && !value.Contains(' '))
        {
            return;
        }

        hits.Add(path, judgement);
    }

    private static bool HasExistingSecret(JsonElement node)
    {
        foreach (var property in node.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 }
                && NamesExistingSecret(property.Name))
            {
                return true;
            }
        }

        return false;
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

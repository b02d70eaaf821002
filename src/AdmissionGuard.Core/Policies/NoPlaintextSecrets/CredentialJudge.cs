namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>How sure a credential-named key's literal is a credential (docs/no-plaintext-secrets.md, "Key names").</summary>
internal enum Certainty
{
    /// <summary>A name, a setting, a reference or too short: not a credential.</summary>
    None,

    /// <summary>Could be a credential or a name or setting: a warning, with <see cref="Judgement.Doubt"/>.</summary>
    Doubtful,

    /// <summary>A credential a careful reviewer accepts without looking further: denied under enforce.</summary>
    Certain,
}

/// <summary>The judgement of one key and its literal; <see cref="Doubt"/> says what is uncertain.</summary>
internal readonly record struct Judgement(Certainty Certainty, string? Doubt = null, bool IsUrl = false)
{
    public static readonly Judgement None = new(Certainty.None);
}

/// <summary>
/// Judges a credential-named key and its literal value together: the key is a reason to look at
/// the value, never a verdict by itself (docs/no-plaintext-secrets.md, "Key names"). The value's
/// form (<see cref="CredentialValueClassifier"/>: references, booleans, numbers, durations,
/// templates, paths, plain URLs), the key's role (<see cref="CredentialNameMatcher.RoleOf"/>) and
/// the value's shape (<see cref="ValueShape"/>) decide.
/// </summary>
internal sealed class CredentialJudge(CredentialNameMatcher names, CredentialValueClassifier values)
{
    /// <summary>Shorter literals are no credential anyone would accept (a search shortcut such as <c>token: s</c>).</summary>
    private const int MinimumLength = 3;

    /// <summary>A number this long under a key that names the credential itself is a PIN or a password (<c>MYSQL_PASSWORD: "1234"</c>).</summary>
    private const int NumericPasswordLength = 4;

    public const string SecretNameDoubt = "the value may be the name of a Secret rather than the secret itself";
    public const string KeyNameDoubt = "the value may name a key of a Secret rather than hold a credential";
    public const string SettingDoubt = "the key names a setting about a credential, and the value may be that setting";
    public const string QualifiedDoubt = "the words after the credential's name may make the key a setting, and the value is made of words";
    public const string ShortDoubt = "the value is too short to tell";

    public CredentialNameMatcher Names => names;

    /// <summary>Judges <paramref name="value"/> under <paramref name="key"/>; keys not named like a credential are not judged.</summary>
    public Judgement Judge(ReadOnlySpan<char> key, ReadOnlySpan<char> value) =>
        names.IsCredentialName(key) ? JudgeValue(names.RoleOf(key), value) : Judgement.None;

    /// <summary>A URL with a password or a token in it, under any key: certain wherever it appears.</summary>
    public bool IsUrlWithCredentials(ReadOnlySpan<char> value) =>
        value.Contains("://", StringComparison.Ordinal) && values.Classify(value) == LiteralKind.UrlWithCredentials;

    public Judgement JudgeValue(KeyRole role, ReadOnlySpan<char> value)
    {
        var v = value.Trim();
        var kind = values.Classify(v);
        if (kind == LiteralKind.UrlWithCredentials)
        {
            return new Judgement(Certainty.Certain, IsUrl: true);
        }

        if (kind == LiteralKind.Number)
        {
            return role == KeyRole.Itself && v.Length >= NumericPasswordLength ? new Judgement(Certainty.Certain) : Judgement.None;
        }

        if (kind != LiteralKind.Credential || v.Length < MinimumLength)
        {
            return Judgement.None;
        }

        var shortValue = v.Length == MinimumLength;
        return role switch
        {
            KeyRole.SecretOrName when ValueShape.IsCompoundObjectName(v) => Judgement.None,
            KeyRole.SecretOrName when ValueShape.IsObjectName(v) => new Judgement(Certainty.Doubtful, SecretNameDoubt),
            KeyRole.SecretOrKeyName when ValueShape.IsWords(v) => new Judgement(Certainty.Doubtful, KeyNameDoubt),
            KeyRole.Setting when ValueShape.IsWords(v) => Judgement.None,
            KeyRole.Setting when !ValueShape.LooksRandom(v) => new Judgement(Certainty.Doubtful, SettingDoubt),
            KeyRole.Qualified when ValueShape.IsWords(v) => new Judgement(Certainty.Doubtful, QualifiedDoubt),
            _ when shortValue => new Judgement(Certainty.Doubtful, ShortDoubt),
            _ => new Judgement(Certainty.Certain),
        };
    }
}

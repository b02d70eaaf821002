namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>What a literal value under a credential-like name turned out to be.</summary>
internal enum LiteralKind
{
    /// <summary>Empty or only whitespace (or JSON null): nothing to leak.</summary>
    Empty,

    /// <summary>Only <c>$(OTHER_VAR)</c> (or <c>${OTHER_VAR}</c>) references and punctuation between them.</summary>
    References,

    /// <summary>true/false/yes/no/on/off, any case (<c>ALLOW_EMPTY_PASSWORD=yes</c>).</summary>
    Boolean,

    /// <summary>An integer or decimal number (a length, a port, a count).</summary>
    Number,

    /// <summary>A duration or quantity such as <c>30s</c>, <c>1h30m</c>, <c>512Mi</c> (a token lifetime, a size).</summary>
    Duration,

    /// <summary>An unrendered template (<c>{{ ... }}</c>) or a render leftover (<c>&lt;no value&gt;</c>, <c>&lt;nil&gt;</c>).</summary>
    Template,

    /// <summary>An absolute or home-relative file path whose segments are plain names.</summary>
    FilePath,

    /// <summary>A URL without a password in its user info and without a credential-named query parameter.</summary>
    Url,

    /// <summary>A reference a secret injector resolves at run time (<c>vault:secret/data/app#password</c>, <c>arn:aws:secretsmanager:...</c>).</summary>
    SecretReference,

    /// <summary>A URL that embeds a password (<c>postgres://app:pw@db</c>) or a credential-named query parameter.</summary>
    UrlWithCredentials,

    /// <summary>Anything else: could be a credential.</summary>
    Credential,
}

internal static class LiteralKinds
{
    public static bool CouldBeCredential(this LiteralKind kind) => kind is LiteralKind.Credential or LiteralKind.UrlWithCredentials;
}

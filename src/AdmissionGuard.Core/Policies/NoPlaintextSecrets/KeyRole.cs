namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>What a credential-named key says its value is (<see cref="CredentialNameMatcher.RoleOf"/>).</summary>
internal enum KeyRole
{
    /// <summary>The key names the credential itself: <c>MYSQL_PASSWORD</c>, <c>apiKey</c>, <c>token</c>, <c>passwordSSH</c>.</summary>
    Itself,

    /// <summary>A plural of it (<c>credentials</c>, <c>tokens</c>): a credential in a string, a count in a number.</summary>
    Plural,

    /// <summary>Ends in <c>secret</c>: the secret itself, or the name of a Secret object (<c>envFrom[0].secret</c>, <c>githubConfigSecret</c>).</summary>
    SecretOrName,

    /// <summary>Followed by <c>Key</c> (<c>secretKey</c>, <c>SECRET_KEY</c>): a key, or the name of a key in a Secret.</summary>
    SecretOrKeyName,

    /// <summary>Followed by a word that names a property of credentials: a setting (<c>PASSWORD_COMPLEXITY</c>, <c>PASSWORD_HASH</c>).</summary>
    Setting,

    /// <summary>Followed by other words (<c>passwordSSH</c>, <c>SECRET_KEY_BASE</c>): most often the credential of something, sometimes a setting.</summary>
    Qualified,
}

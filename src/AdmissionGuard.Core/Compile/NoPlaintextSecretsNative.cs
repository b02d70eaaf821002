using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Compile;

/// <summary>
/// The certain core of <c>no-plaintext-secrets</c> in CEL (RE2): a ConfigMap whose <c>data</c> holds
/// a PEM private-key block or a well-known token format. Each pattern matches exactly what the
/// webhook's detectors report for that format (a documented prefix standing alone, a body of the
/// format's alphabet and length), or less: a PEM block counts only with 64 characters of key
/// material right after its armour line. Secrets (whose scope depends on the applier, owners,
/// SOPS documents and Flux's decryption), env literals and Helm values (whose verdict rests on
/// names, value classes and entropy) stay with the webhook.
/// </summary>
internal sealed class NoPlaintextSecretsNative : INativeRuleCompiler
{
    private const string Upper = "A-Z0-9";
    private const string Alnum = "A-Za-z0-9";
    private const string AlnumUnderscore = "A-Za-z0-9_";
    private const string Base64Url = "A-Za-z0-9_\\-";
    private const string Base64UrlDot = "A-Za-z0-9_.\\-";
    private const string Bech32Upper = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

    /// <summary>The formats KnownTokenDetector reports as violations that need no rule beyond prefix, alphabet and length.</summary>
    internal static readonly (string Prefix, string Body, int Min, int Max)[] Tokens =
    [
        ("AKIA", Upper, 16, 16),
        ("ASIA", Upper, 16, 16),
        ("ghp_", Alnum, 36, 251),
        ("gho_", Alnum, 36, 251),
        ("ghu_", Alnum, 36, 251),
        ("ghs_", Alnum, 36, 251),
        ("ghr_", Alnum, 36, 251),
        ("github_pat_", AlnumUnderscore, 82, 244),
        ("glpat-", Base64UrlDot, 20, 250),
        ("AIza", Base64Url, 35, 35),
        ("sk_live_", Alnum, 24, 247),
        ("rk_live_", Alnum, 24, 247),
        ("npm_", Alnum, 36, 36),
        ("dckr_pat_", Base64Url, 27, 100),
        ("hvs.", Base64Url, 24, 500),
        ("hvb.", Base64Url, 24, 500),
        ("sk-proj-", Base64Url, 40, 250),
        ("sk-ant-", Base64Url, 40, 250),
        ("AGE-SECRET-KEY-1", Bech32Upper, 58, 58),
    ];

    /// <summary>A PEM private key: its armour line, then at least 64 characters of base64 before anything else.</summary>
    internal const string PrivateKeyPattern =
        "-----BEGIN (?:(?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY|PGP PRIVATE KEY BLOCK)-----\\s*[A-Za-z0-9+/=]{64}";

    /// <summary>Values longer than this stay with the webhook: CEL's cost of a match grows with the text's length.</summary>
    internal const int MaxValueLength = 8192;

    /// <summary>Every prefix of <see cref="Tokens"/> and the PEM armour, in as short a pattern as possible.</summary>
    internal const string Prefilter = "AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|AIza|[sr]k_live_|npm_|dckr_pat_|hv[sb]\\.|sk-proj-|sk-ant-|AGE-SECRET-KEY-1|-----BEGIN ";

    /// <summary>One alternative per token format: not after a letter or digit, a body of exactly Min..Max characters of its alphabet.</summary>
    internal static string TokenPattern => "(?:^|[^A-Za-z0-9])(?:" + string.Join("|", Tokens.Select(t =>
        $"{System.Text.RegularExpressions.Regex.Escape(t.Prefix).Replace("-", "\\-", StringComparison.Ordinal)}[{t.Body}]{{{t.Min},{t.Max}}}(?:[^{t.Body}]|$)")) + ")";

    public NativeRule? Compile(PolicyBinding binding)
    {
        var p = ((NoPlaintextSecretsPolicy)binding.Policy).Parameters;
        if (!p.ConfigMapValues || !binding.Settings.Kinds.Contains(KnownKinds.ConfigMap))
        {
            return null;
        }

        return new NativeRule
        {
            PolicyId = binding.Id,
            Kinds = [KnownKinds.ConfigMap],
            CreateOnly = binding.Settings.AllowExistingViolations,
            Variables =
            [
                new("data", "object.?data.orValue({})"),
                // CEL charges a match by the text's length times the pattern's: a short pattern finds the few candidates first.
                new("candidates", $"variables.data.filter(k, size(variables.data[k]) <= {MaxValueLength} && variables.data[k].matches({Cel.Quote(Prefilter)}))"),
                new("keysWithCredentials", $"variables.candidates.filter(k, variables.data[k].matches({Cel.Quote(PrivateKeyPattern)}) || variables.data[k].matches({Cel.Quote(TokenPattern)}))"),
            ],
            Validations =
            [
                new(
                    "variables.keysWithCredentials.size() == 0",
                    $"'[{binding.Id}] ' + {Cel.ObjectRef} + ': a private key or a well-known token format in key ' + variables.keysWithCredentials.join(', ')"
                        + " + '; ConfigMaps are stored and shown in plaintext to anyone who may read them. Fix: move the value into a Secret (SealedSecret, ExternalSecret or SOPS) and mount or reference that Secret instead'"),
            ],
            WebhookOnly =
            [
                "Secrets applied from Git (secretObjects): the applier, trusted owners and appliers, exempt types, SOPS documents inside values and Flux's decryption decide",
                "env literals (envLiterals) and Helm values (helmValues): credential-named keys judged by value class, length and entropy",
                $"ConfigMap values longer than {MaxValueLength} characters (CEL's cost limits), binaryData, Slack tokens and webhooks, SendGrid keys, PyPI tokens, JSON Web Tokens (a warning), PEM blocks with headers before the key material, credential-named keys (a warning)",
            ],
        };
    }
}

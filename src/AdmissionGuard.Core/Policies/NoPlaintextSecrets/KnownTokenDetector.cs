using System.Buffers;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// Finds well-known credential formats by their documented prefixes: one vectorised multi-string
/// search (<see cref="SearchValues{T}"/>) over the text, then a bounded check of the body at each
/// hit. No regular expression, so a 20 KB config file costs one pass and cannot backtrack.
/// </summary>
internal static class KnownTokenDetector
{
    private static readonly SearchValues<char> UpperAlnum = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    private static readonly SearchValues<char> Alnum = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    private static readonly SearchValues<char> AlnumUnderscore = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
    private static readonly SearchValues<char> Base64Url = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
    private static readonly SearchValues<char> Base64UrlDot = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");
    private static readonly SearchValues<char> AlnumDash = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");
    private static readonly SearchValues<char> AlnumSlash = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/");
    private static readonly SearchValues<char> Bech32Upper = SearchValues.Create("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L");

    public static readonly Detection JsonWebToken = new("a JSON Web Token", FindingSeverity.Advice);

    /// <summary>The formats, with the sources that define them in the comments.</summary>
    public static readonly IReadOnlyList<TokenFormat> Formats =
    [
        // AWS IAM: long-term (AKIA) and temporary STS (ASIA) access key ids, 20 characters.
        TokenFormat.Violation("AKIA", "an AWS access key id", UpperAlnum, 16, 16),
        TokenFormat.Violation("ASIA", "an AWS temporary access key id", UpperAlnum, 16, 16),

        // GitHub: "Behind GitHub's new authentication token formats" (2021): prefix + 36 base62 characters;
        // fine-grained tokens are github_pat_ + 82 characters.
        TokenFormat.Violation("ghp_", "a GitHub personal access token", Alnum, 36, 251),
        TokenFormat.Violation("gho_", "a GitHub OAuth access token", Alnum, 36, 251),
        TokenFormat.Violation("ghu_", "a GitHub user-to-server token", Alnum, 36, 251),
        TokenFormat.Violation("ghs_", "a GitHub server-to-server token", Alnum, 36, 251),
        TokenFormat.Violation("ghr_", "a GitHub refresh token", Alnum, 36, 251),
        TokenFormat.Violation("github_pat_", "a GitHub fine-grained personal access token", AlnumUnderscore, 82, 244),

        // GitLab personal access tokens: glpat- + at least 20 characters.
        TokenFormat.Violation("glpat-", "a GitLab personal access token", Base64UrlDot, 20, 250),

        // Slack: xoxb- (bot), xoxp- (user), xoxa- (app), xoxr- (refresh), xoxs- (legacy workspace);
        // a numeric team id, then dash-separated parts.
        TokenFormat.Violation("xoxb-", "a Slack token", AlnumDash, 30, 250, SlackTokenBody),
        TokenFormat.Violation("xoxp-", "a Slack token", AlnumDash, 30, 250, SlackTokenBody),
        TokenFormat.Violation("xoxa-", "a Slack token", AlnumDash, 30, 250, SlackTokenBody),
        TokenFormat.Violation("xoxr-", "a Slack token", AlnumDash, 30, 250, SlackTokenBody),
        TokenFormat.Violation("xoxs-", "a Slack token", AlnumDash, 30, 250, SlackTokenBody),
        TokenFormat.Violation("hooks.slack.com/services/", "a Slack incoming webhook URL", AlnumSlash, 40, 120, SlackWebhookBody),

        // Google API keys: AIza + 35 characters.
        TokenFormat.Violation("AIza", "a Google API key", Base64Url, 35, 35),

        // Stripe live secret and restricted keys (test-mode keys move no money and are left alone).
        TokenFormat.Violation("sk_live_", "a Stripe live secret key", Alnum, 24, 247),
        TokenFormat.Violation("rk_live_", "a Stripe live restricted key", Alnum, 24, 247),

        // npm access tokens: npm_ + 36 characters.
        TokenFormat.Violation("npm_", "an npm access token", Alnum, 36, 36),

        // PyPI API tokens are macaroons whose base64 starts with the encoded "pypi.org" location.
        TokenFormat.Violation("pypi-AgEIcHlwaS5vcmc", "a PyPI API token", Base64Url, 50, 4000),

        // Docker Hub personal access tokens.
        TokenFormat.Violation("dckr_pat_", "a Docker Hub access token", Base64Url, 27, 100),

        // SendGrid: SG. + 22 + . + 43.
        TokenFormat.Violation("SG.", "a SendGrid API key", Base64UrlDot, 66, 66, static b => b[22] == '.' && b.Count('.') == 1),

        // HashiCorp Vault 1.10+ service and batch tokens.
        TokenFormat.Violation("hvs.", "a HashiCorp Vault token", Base64Url, 24, 500),
        TokenFormat.Violation("hvb.", "a HashiCorp Vault token", Base64Url, 24, 500),

        // OpenAI project keys and Anthropic keys.
        TokenFormat.Violation("sk-proj-", "an OpenAI API key", Base64Url, 40, 250),
        TokenFormat.Violation("sk-ant-", "an Anthropic API key", Base64Url, 40, 250),

        // age identities (the key SOPS and Flux decrypt with): Bech32, upper case.
        TokenFormat.Violation("AGE-SECRET-KEY-1", "an age secret key", Bech32Upper, 58, 58),

        // A JWT is often a bearer credential (a service account token in a kubeconfig), but some are
        // public by design (anonymous API keys, example tokens): advice, not a denial.
        new TokenFormat("eyJ", JsonWebToken, Base64UrlDot, 40, 16384, JwtBody),
    ];

    private static readonly SearchValues<string> Prefixes =
        SearchValues.Create(Formats.Select(f => f.Prefix).Distinct().ToArray(), StringComparison.Ordinal);

    public static void Find(ReadOnlySpan<char> text, ref List<Detection>? found)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var hit = text[offset..].IndexOfAny(Prefixes);
            if (hit < 0)
            {
                return;
            }

            var start = offset + hit;
            offset = start + 1;
            foreach (var format in Formats)
            {
                if (text[start..].StartsWith(format.Prefix, StringComparison.Ordinal) && format.MatchesAt(text, start))
                {
                    Detection.AddDistinct(ref found, format.Detection);
                    offset = start + format.Prefix.Length + format.MinBody;
                    break;
                }
            }
        }
    }

    /// <summary><c>xoxb-&lt;team id&gt;-&lt;id&gt;-&lt;secret&gt;</c>: digits first, then at least two more parts.</summary>
    private static bool SlackTokenBody(ReadOnlySpan<char> body)
    {
        var dash = body.IndexOf('-');
        return dash >= 8 && body[..dash].IndexOfAnyExceptInRange('0', '9') < 0 && body[(dash + 1)..].Contains('-');
    }

    /// <summary><c>T&lt;workspace&gt;/B&lt;hook&gt;/&lt;secret&gt;</c>.</summary>
    private static bool SlackWebhookBody(ReadOnlySpan<char> body) => body[0] == 'T' && body.Count('/') == 2;

    /// <summary>header.payload.signature, both JSON parts base64url of an object (<c>eyJ</c> = <c>{"</c>).</summary>
    private static bool JwtBody(ReadOnlySpan<char> body)
    {
        var first = body.IndexOf('.');
        if (first < 10 || body.Count('.') != 2)
        {
            return false;
        }

        var payloadAndSignature = body[(first + 1)..];
        var second = payloadAndSignature.IndexOf('.');
        return payloadAndSignature.StartsWith("eyJ") && second >= 13 && payloadAndSignature.Length - second - 1 >= 16;
    }
}

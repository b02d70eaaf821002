using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Tests.Policies.NoPlaintextSecrets;

public sealed class TokenAndKeyDetectorTests
{
    private const string Body64 = "MIIEFakeKeyMaterialForAdmissionGuardTestsOnly0123456789abcdefghijk";

    private static List<Detection>? Scan(string text)
    {
        List<Detection>? found = null;
        PrivateKeyPemDetector.Find(text, ref found);
        KnownTokenDetector.Find(text, ref found);
        return found;
    }

    public static TheoryData<string, string> EveryFormat()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in KnownTokenDetector.Formats)
        {
            data.Add(format.Prefix, format.Detection.Description);
        }

        return data;
    }

    /// <summary>A PEM label and the detection's description.</summary>
    public static TheoryData<string, string> PrivateKeyLabels => new()
    {
        { "RSA PRIVATE KEY", "an RSA private key (PEM)" },
        { "EC PRIVATE KEY", "an EC private key (PEM)" },
        { "DSA PRIVATE KEY", "a DSA private key (PEM)" },
        { "OPENSSH PRIVATE KEY", "an OpenSSH private key" },
        { "ENCRYPTED PRIVATE KEY", "an encrypted private key (PEM)" },
        { "PRIVATE KEY", "a private key (PKCS#8 PEM)" },
        { "PGP PRIVATE KEY BLOCK", "a PGP private key block" },
        { "ED25519 PRIVATE KEY", "a private key (PEM)" },
    };

    /// <summary>A text holding a token and the detection's description.</summary>
    public static TheoryData<string, string> Tokens => new()
    {
        { "AKIAIOSFODNN7EXAMPLE", "an AWS access key id" },
        { "id=AKIAIOSFODNN7EXAMPLE;", "an AWS access key id" },
        { "\"AKIAIOSFODNN7EXAMPLE\"", "an AWS access key id" },
        { "xoxb-123456789012-1234567890123-FakeSlackBotTokenForTest", "a Slack token" },
        { "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "a Slack incoming webhook URL" },
    };

    [Theory]
    [MemberData(nameof(EveryFormat))]
    public void Every_format_has_its_own_fixture_in_the_policy_folder(string prefix, string description)
    {
        var folder = Path.Combine(Fixtures.PolicyFixture.Root, NoPlaintextSecretsPolicy.PolicyId);
        var carrying = Directory.GetFiles(folder, "*.yaml")
            .Where(f => Path.GetFileName(f).Contains("configmap", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .Where(t => t.Contains(prefix, StringComparison.Ordinal) && t.Contains($"\"{description} in key", StringComparison.Ordinal));
        Assert.NotEmpty(carrying);
    }

    [Theory]
    [MemberData(nameof(PrivateKeyLabels))]
    public void Finds_private_key_blocks_by_label(string label, string description)
    {
        var found = Scan($"key: |\n  -----BEGIN {label}-----\n  {Body64}\n  -----END {label}-----\n");
        var detection = Assert.Single(found!);
        Assert.Equal(description, detection.Description);
        Assert.Equal(FindingSeverity.Violation, detection.Severity);
    }

    [Theory]
    [InlineData("CERTIFICATE")]
    [InlineData("PUBLIC KEY")]
    [InlineData("RSA PUBLIC KEY")]
    [InlineData("CERTIFICATE REQUEST")]
    [InlineData("X509 CRL")]
    public void Ignores_public_pem_blocks(string label) =>
        Assert.Null(Scan($"-----BEGIN {label}-----\n{Body64}\n-----END {label}-----"));

    [Fact]
    public void Ignores_armour_without_key_material() =>
        Assert.Null(Scan("-----BEGIN RSA PRIVATE KEY-----\n{{ .Values.tls.key }}\n-----END RSA PRIVATE KEY-----"));

    [Fact]
    public void Finds_a_key_whose_end_line_was_cut_off() =>
        Assert.NotNull(Scan($"-----BEGIN PRIVATE KEY-----\n{Body64}\n"));

    [Fact]
    public void Finds_a_private_key_after_a_certificate_in_one_bundle()
    {
        var bundle = $"-----BEGIN CERTIFICATE-----\n{Body64}\n-----END CERTIFICATE-----\n-----BEGIN EC PRIVATE KEY-----\n{Body64}\n-----END EC PRIVATE KEY-----\n";
        Assert.Equal("an EC private key (PEM)", Assert.Single(Scan(bundle)!).Description);
    }

    [Theory]
    [MemberData(nameof(Tokens))]
    public void Finds_tokens_standing_alone_or_between_punctuation(string text, string description) =>
        Assert.Equal(description, Assert.Single(Scan(text)!).Description);

    [Theory]
    [InlineData("XAKIAIOSFODNN7EXAMPLE")]
    [InlineData("AKIAIOSFODNN7EXAMPL")]
    [InlineData("AKIAIOSFODNN7EXAMPLES")]
    [InlineData("akiaiosfodnn7example")]
    [InlineData("ghp_xxxxxxxx")]
    [InlineData("npm_config_cache=/tmp/.npm")]
    [InlineData("xoxb-your-token-here")]
    [InlineData("xoxb-notdigits0-1234567890123-FakeSlackBotTokenForTest")]
    [InlineData("SG.example.notakey")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.notapayload.signature000000000000")]
    [InlineData("hooks.slack.com/services/")]
    public void Ignores_lookalikes(string text) => Assert.Null(Scan(text));

    [Fact]
    public void A_json_web_token_is_advice_not_a_violation()
    {
        var jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmYWtlLXRlc3QtdXNlciJ9.FakeSignatureForAdmissionGuardTests00000000";
        var detection = Assert.Single(Scan($"token: {jwt}")!);
        Assert.Same(KnownTokenDetector.JsonWebToken, detection);
        Assert.Equal(FindingSeverity.Advice, detection.Severity);
    }

    [Fact]
    public void Reports_each_kind_once_however_often_it_occurs()
    {
        var text = string.Join('\n', Enumerable.Repeat("AKIAIOSFODNN7EXAMPLE", 50));
        Assert.Single(Scan(text)!);
    }

    [Fact]
    public void Scans_a_large_text_full_of_prefixes_without_finding_anything()
    {
        // Every line starts like a token and breaks off: the scanner must stay linear and quiet.
        var text = string.Concat(Enumerable.Repeat("AKIA_ ghp_ xoxb- eyJ. -----BEGIN \n", 4000));
        Assert.Null(Scan(text));
    }
}

using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Tests.Policies.NoPlaintextSecrets;

public sealed class CredentialNameMatcherTests
{
    private static readonly CredentialNameMatcher Default = new(NoPlaintextSecretsParameters.DefaultCredentialNamePattern);

    public static TheoryData<string> PointerSuffixes() => new(CredentialNameMatcher.PointerSuffixes);

    [Theory]
    [MemberData(nameof(PointerSuffixes))]
    public void A_pointer_suffix_after_an_underscore_marks_a_pointer_not_a_credential(string suffix)
    {
        Assert.True(Default.MatchesPattern($"DB_PASSWORD_{suffix}"));
        Assert.False(Default.IsCredentialName($"DB_PASSWORD_{suffix}"));
        Assert.False(Default.IsCredentialName($"PASSWORD_{suffix}"));
    }

    [Theory]
    [MemberData(nameof(PointerSuffixes))]
    public void A_pointer_suffix_matches_in_any_case_and_after_dash_dot_or_camel_case(string suffix)
    {
        var lower = suffix.ToLowerInvariant();
        var camel = char.ToUpperInvariant(lower[0]) + lower[1..];
        Assert.False(Default.IsCredentialName($"api_token_{lower}"));
        Assert.False(Default.IsCredentialName($"api-token-{lower}"));
        Assert.False(Default.IsCredentialName($"api.token.{lower}"));
        Assert.False(Default.IsCredentialName($"apiToken{camel}"));
    }

    [Theory]
    [MemberData(nameof(PointerSuffixes))]
    public void A_suffix_glued_to_the_credential_word_is_not_a_pointer(string suffix)
    {
        Assert.True(Default.IsCredentialName($"PASSWORD{suffix}"));
        Assert.True(Default.IsCredentialName($"password{suffix.ToLowerInvariant()}"));
    }

    [Theory]
    [InlineData("DB_PASSWORD")]
    [InlineData("FILE_PASSWORD")]
    [InlineData("PASSWORD_FILE_CONTENT")]
    [InlineData("SECRET_KEY_BASE")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("mysql_root_passwd")]
    [InlineData("STRIPE_APIKEY")]
    [InlineData("SSH_PRIVATE_KEY")]
    [InlineData("GOOGLE_APPLICATION_CREDENTIALS")]
    [InlineData("api-key")]
    [InlineData("private.key")]
    [InlineData("access-key")]
    public void Credential_names_are_recognised(string name) => Assert.True(Default.IsCredentialName(name));

    [Theory]
    [InlineData("LOG_LEVEL")]
    [InlineData("KEYCLOAK_REALM")]
    [InlineData("PUBLIC_KEY")]
    [InlineData("")]
    public void Other_names_are_not_credential_names(string name) => Assert.False(Default.IsCredentialName(name));

    [Theory]
    [InlineData("manage-es-token.js")]
    [InlineData("rotate-secret.sh")]
    [InlineData("fetch_token.py")]
    public void A_ConfigMap_key_naming_a_script_is_program_text(string name) => Assert.False(Default.IsCredentialName(name));

    [Fact]
    public void A_data_file_named_like_a_credential_stays_suspect() =>
        Assert.True(Default.IsCredentialName("credentials.json"));

    [Fact]
    public void A_custom_pattern_replaces_the_default()
    {
        var custom = new CredentialNameMatcher("passphrase|pin$");
        Assert.True(custom.IsCredentialName("SIGNING_PASSPHRASE"));
        Assert.True(custom.IsCredentialName("CARD_PIN"));
        Assert.False(custom.IsCredentialName("DB_PASSWORD"));
        Assert.False(custom.IsCredentialName("PINNED_VERSION"));
    }

    [Fact]
    public void A_custom_pattern_with_a_dash_still_matches_names_as_written() =>
        Assert.True(new CredentialNameMatcher("client-secret").IsCredentialName("oidc-client-secret"));

    [Fact]
    public void A_pattern_that_times_out_judges_the_value_instead_of_waving_it_through()
    {
        // Nested alternation backtracks exponentially on a near-match; the match timeout stops it.
        var pathological = new CredentialNameMatcher("^(a|aa|aaa)+$");
        Assert.True(pathological.MatchesPattern(new string('a', 64) + "!"));
    }
}

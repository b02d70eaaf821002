using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Tests.Policies.NoPlaintextSecrets;

public sealed class CredentialValueClassifierTests
{
    private static readonly CredentialValueClassifier Classifier =
        new(new CredentialNameMatcher(NoPlaintextSecretsParameters.DefaultCredentialNamePattern));

    [Theory]
    [InlineData("", nameof(LiteralKind.Empty))]
    [InlineData("   ", nameof(LiteralKind.Empty))]
    [InlineData("yes", nameof(LiteralKind.Boolean))]
    [InlineData("No", nameof(LiteralKind.Boolean))]
    [InlineData("TRUE", nameof(LiteralKind.Boolean))]
    [InlineData("false", nameof(LiteralKind.Boolean))]
    [InlineData("on", nameof(LiteralKind.Boolean))]
    [InlineData("OFF", nameof(LiteralKind.Boolean))]
    [InlineData("12", nameof(LiteralKind.Number))]
    [InlineData("-1", nameof(LiteralKind.Number))]
    [InlineData("0.75", nameof(LiteralKind.Number))]
    [InlineData("30s", nameof(LiteralKind.Duration))]
    [InlineData("1h30m", nameof(LiteralKind.Duration))]
    [InlineData("512Mi", nameof(LiteralKind.Duration))]
    [InlineData("{{ .Values.db.password }}", nameof(LiteralKind.Template))]
    [InlineData("{{inputs.parameters.token}}", nameof(LiteralKind.Template))]
    [InlineData("<no value>", nameof(LiteralKind.Template))]
    [InlineData("<nil>", nameof(LiteralKind.Template))]
    [InlineData("$(DB_PASSWORD)", nameof(LiteralKind.References))]
    [InlineData("$(DB_USER):$(DB_PASSWORD)", nameof(LiteralKind.References))]
    [InlineData("${REDIS_PASSWORD}", nameof(LiteralKind.References))]
    [InlineData("/run/secrets/db-password", nameof(LiteralKind.FilePath))]
    [InlineData("~/.aws/credentials", nameof(LiteralKind.FilePath))]
    [InlineData("./certs/tls.key", nameof(LiteralKind.FilePath))]
    [InlineData("https://vault.example.com/v1/secret/app", nameof(LiteralKind.Url))]
    [InlineData("postgres://shop@db:5432/shop", nameof(LiteralKind.Url))]
    [InlineData("https://auth.example.com/token?client=shop&token_type=bearer", nameof(LiteralKind.Url))]
    [InlineData("vault:secret/data/shop/db#password", nameof(LiteralKind.SecretReference))]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db", nameof(LiteralKind.SecretReference))]
    [InlineData("ref+vault://secret/shop#/db", nameof(LiteralKind.SecretReference))]
    [InlineData("postgres://shop:fake-Passw0rd@db:5432/shop", nameof(LiteralKind.UrlWithCredentials))]
    [InlineData("redis://:fake-Passw0rd@redis:6379/0", nameof(LiteralKind.UrlWithCredentials))]
    [InlineData("https://fakeGitTokenForTests01@git.example.com/shop.git", nameof(LiteralKind.UrlWithCredentials))]
    [InlineData("https://hooks.example.com/in?api_key=fake-key", nameof(LiteralKind.UrlWithCredentials))]
    [InlineData("https://blob.example.net/c?sv=2024-01-01&sig=fake-signature", nameof(LiteralKind.UrlWithCredentials))]
    [InlineData("fake-Passw0rd-for-tests", nameof(LiteralKind.Credential))]
    [InlineData("changeme", nameof(LiteralKind.Credential))]
    [InlineData("aaaa", nameof(LiteralKind.Credential))]
    [InlineData("correct horse battery staple", nameof(LiteralKind.Credential))]
    [InlineData("$(DB_USER):fake-Passw0rd", nameof(LiteralKind.Credential))]
    [InlineData("$(unterminated", nameof(LiteralKind.Credential))]
    [InlineData("1.2.3", nameof(LiteralKind.Credential))]
    [InlineData("/abc def", nameof(LiteralKind.Credential))]
    [InlineData("/3kF9a+Qz/Xy0=", nameof(LiteralKind.Credential))]
    public void Classifies_literal_values(string value, string expected) =>
        Assert.Equal(Enum.Parse<LiteralKind>(expected), Classifier.Classify(value));

    [Theory]
    [InlineData(nameof(LiteralKind.Credential), true)]
    [InlineData(nameof(LiteralKind.UrlWithCredentials), true)]
    [InlineData(nameof(LiteralKind.Url), false)]
    [InlineData(nameof(LiteralKind.Empty), false)]
    public void Only_credentials_and_urls_with_credentials_count(string kind, bool expected) =>
        Assert.Equal(expected, Enum.Parse<LiteralKind>(kind).CouldBeCredential());
}

using System.Text;
using AdmissionGuard.Chart.Tests.Infrastructure;

namespace AdmissionGuard.Chart.Tests;

/// <summary>
/// <c>webhook.url</c>: the webhook runs outside the cluster, the configurations call its URL with
/// the given CA, and nothing of the in-cluster server is rendered.
/// </summary>
public sealed class WebhookUrlTests
{
    private const string BaseUrl = "https://127.0.0.1:8443";

    private static ValueSet Outside(string url) => new(
        "webhook-url",
        ["--set", "webhook.url=" + url, "--set", "tls.certManager.enabled=false", "--set-file", "tls.caBundle=" + TestCertificateAuthority.PemFile]);

    [Theory]
    [InlineData(HelmVersion.Helm3, BaseUrl)]
    [InlineData(HelmVersion.Helm4, BaseUrl + "/")]
    [InlineData(HelmVersion.Helm3, "https://guard.example.com:9443/admission")]
    public void Every_webhook_calls_the_url_with_its_path_appended_and_trusts_the_ca_bundle(HelmVersion version, string url)
    {
        var chart = RenderedChart.Of(Outside(url), version);
        var caBundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(TestCertificateAuthority.Pem));
        var expectedBase = url.TrimEnd('/');

        foreach (var (kind, path) in new[] { ("ValidatingWebhookConfiguration", "/validate"), ("MutatingWebhookConfiguration", "/mutate") })
        {
            var webhooks = chart.Webhooks(kind);
            Assert.NotEmpty(webhooks);
            foreach (var webhook in webhooks)
            {
                Assert.Equal(expectedBase + path, webhook.Str("clientConfig.url"));
                Assert.Null(webhook.Find("clientConfig.service"));
                Assert.Equal(caBundle, webhook.Str("clientConfig.caBundle"));
            }

            Assert.Null(chart.Single(kind).Find("metadata.annotations"));
        }
    }

    [Fact]
    public void Nothing_of_the_in_cluster_server_is_rendered()
    {
        var chart = RenderedChart.Of(Outside(BaseUrl));

        foreach (var kind in new[] { "Deployment", "Service", "PodDisruptionBudget", "Certificate", "Issuer" })
        {
            Assert.Empty(chart.OfKind(kind));
        }

        Assert.NotNull(chart.PolicyConfigMap);
    }

    [Theory]
    [InlineData(HelmVersion.Helm3, "http://127.0.0.1:8443", "url")]
    [InlineData(HelmVersion.Helm4, "https://127.0.0.1:8443/?debug=1", "url")]
    [InlineData(HelmVersion.Helm3, "https://user@127.0.0.1:8443", "url")]
    public void Rejects_a_url_the_api_server_would_not_call(HelmVersion version, string url, string mentions)
    {
        var result = Helm.Template(version, Outside(url).Arguments);

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(mentions, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HelmVersion.Helm3)]
    [InlineData(HelmVersion.Helm4)]
    public void Needs_cert_manager_off_and_a_ca_bundle(HelmVersion version)
    {
        var withCertManager = Helm.Template(version, ["--set", "webhook.url=" + BaseUrl]);
        Assert.False(withCertManager.Succeeded, withCertManager.ToString());
        Assert.Contains("certManager", withCertManager.Stderr, StringComparison.Ordinal);

        var withoutBundle = Helm.Template(version, ["--set", "webhook.url=" + BaseUrl, "--set", "tls.certManager.enabled=false"]);
        Assert.False(withoutBundle.Succeeded, withoutBundle.ToString());
        Assert.Contains("caBundle", withoutBundle.Stderr, StringComparison.Ordinal);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Chart.Tests.Infrastructure;

namespace AdmissionGuard.Chart.Tests;

public sealed class TlsTests
{
    private const string InjectCaFrom = "cert-manager.io/inject-ca-from";

    private static readonly string[] ConfigurationKinds = ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"];

    private static string[] ServiceDnsNames(RenderedChart chart)
    {
        var service = chart.Single("Service").Str("metadata.name");
        return [service, $"{service}.{Helm.Namespace}", $"{service}.{Helm.Namespace}.svc", $"{service}.{Helm.Namespace}.svc.cluster.local"];
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("own-issuer")]
    [InlineData("kubernetes-1.29")]
    public void Both_configurations_inject_the_ca_of_a_rendered_certificate_for_the_service_names(string valueSet)
    {
        var chart = RenderedChart.Of(valueSet);

        foreach (var kind in ConfigurationKinds)
        {
            var reference = chart.Single(kind).At("metadata.annotations")[InjectCaFrom]!.GetValue<string>().Split('/');
            Assert.Equal(2, reference.Length);
            Assert.Equal(Helm.Namespace, reference[0]);

            var certificate = chart.Single("Certificate", reference[1]);
            Assert.Equal(Helm.Namespace, certificate.Str("metadata.namespace"));
            Assert.Equal(ServiceDnsNames(chart).Order(), certificate.Strings("spec.dnsNames").Order());
            Assert.Null(certificate.Find("spec.isCA"));
            Assert.Contains("server auth", certificate.Strings("spec.usages"));
        }
    }

    [Fact]
    public void The_serving_certificate_is_issued_by_a_ca_issuer_whose_ca_comes_from_a_self_signed_issuer()
    {
        var chart = RenderedChart.Of(ValueSet.Defaults);
        var serving = chart.Single("Certificate", Helm.FullName + "-serving");

        var caIssuer = chart.Single("Issuer", serving.Str("spec.issuerRef.name"));
        Assert.Equal("Issuer", serving.Str("spec.issuerRef.kind"));
        var caSecret = caIssuer.Str("spec.ca.secretName");

        var ca = chart.OfKind("Certificate").Single(c => c.Str("spec.secretName") == caSecret);
        Assert.True(ca.Bool("spec.isCA"));

        var selfSigned = chart.Single("Issuer", ca.Str("spec.issuerRef.name"));
        Assert.NotNull(selfSigned.Find("spec.selfSigned"));

        Assert.Equal(2, chart.OfKind("Certificate").Count());
        Assert.Equal(2, chart.OfKind("Issuer").Count());
    }

    [Fact]
    public void The_server_reads_the_secret_of_the_serving_certificate()
    {
        var chart = RenderedChart.Of(ValueSet.Defaults);
        var serving = chart.Single("Certificate", Helm.FullName + "-serving");

        Assert.Equal(serving.Str("spec.secretName"), chart.Deployment.Arr("spec.template.spec.volumes").Named("tls").Str("secret.secretName"));
    }

    [Fact]
    public void An_existing_issuer_replaces_the_chart_own_ca()
    {
        var chart = RenderedChart.Of(ValueSet.OwnIssuer);

        var serving = Assert.Single(chart.OfKind("Certificate"));
        Assert.Empty(chart.OfKind("Issuer"));
        Assert.Equal("ClusterIssuer", serving.Str("spec.issuerRef.kind"));
        Assert.Equal("internal-ca", serving.Str("spec.issuerRef.name"));
    }

    [Fact]
    public void An_existing_secret_and_ca_bundle_replace_cert_manager()
    {
        var chart = RenderedChart.Of(ValueSet.ExistingTlsSecret);

        Assert.Empty(chart.OfKind("Certificate"));
        Assert.Empty(chart.OfKind("Issuer"));
        Assert.Equal(ValueSet.ExistingSecretName, chart.Deployment.Arr("spec.template.spec.volumes").Named("tls").Str("secret.secretName"));

        foreach (var kind in ConfigurationKinds)
        {
            var configuration = chart.Single(kind);
            Assert.Null(configuration.Find("metadata.annotations")?[InjectCaFrom]);
            Assert.All(configuration.Arr("webhooks").OfType<JsonObject>(), w =>
                Assert.Equal(TestCertificateAuthority.Pem, Encoding.UTF8.GetString(Convert.FromBase64String(w.Str("clientConfig.caBundle")))));
        }
    }

    [Fact]
    public void With_cert_manager_no_ca_bundle_is_rendered_for_the_injector_to_overwrite()
    {
        var chart = RenderedChart.Of(ValueSet.Defaults);

        Assert.All(chart.Webhooks("ValidatingWebhookConfiguration").Concat(chart.Webhooks("MutatingWebhookConfiguration")), w =>
            Assert.Null(w.Find("clientConfig.caBundle")));
    }
}

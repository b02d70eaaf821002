using AdmissionGuard.Chart.Tests.Infrastructure;

namespace AdmissionGuard.Chart.Tests;

/// <summary>Bad values fail at <c>helm template</c> (and so at install), naming what is wrong.</summary>
public sealed class SchemaTests
{
    public static TheoryData<HelmVersion, string, string> BadValues => BothHelms.Rows<string, string>(
        [
            ("policies.configChecksum.action=block", "action"),
            ("policies.configChecksum.action=true", "action"),
            ("policies.keepStateful.parameters.scop=all", "scop"),
            ("policies.keepStateful.parameters.scope=everything", "scope"),
            ("policies.hookDeadline.parameters.maxSeconds=0", "maxSeconds"),
            ("policies.noPlaintextSecrets.parameters.exemptTypes={it's}", "exemptTypes"),
            ("policies.noPlaintextSecrets.exclude.teams={payments}", "teams"),
            ("webhook.timeoutSeconds=31", "timeoutSeconds"),
            ("webhook.timeoutSeconds=0", "timeoutSeconds"),
            ("webhook.validating.failurePolicy=Maybe", "failurePolicy"),
            ("webhook.excludeNamespaces={Kube_System}", "excludeNamespaces"),
            ("replicas=3", "replicas"),
            ("tls.certManager.enabled=false", "existingSecret"),
            ("tls.certManager.issuerRef.kind=Vault", "kind"),
            ("topologySpread.whenUnsatisfiable=Sometimes", "whenUnsatisfiable"),
            ("backgroundScan.interval=30s", "interval"),
            ("backgroundScan.interval=hourly", "interval"),
        ]);

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Rejects_bad_values(HelmVersion version, string set, string mentions)
    {
        var result = Helm.Template(version, ["--set", set]);

        Assert.False(result.Succeeded, $"helm template --set {set} succeeded");
        Assert.Contains(mentions, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    /// <summary>TLS values that cannot work together: a CA bundle that is not a PEM certificate, an existing Secret that cert-manager would ignore.</summary>
    public static TheoryData<HelmVersion, string[], string> ContradictoryTls => BothHelms.Rows<string[], string>(
        [
            (["--set", "tls.certManager.enabled=false", "--set", "tls.existingSecret=webhook-tls", "--set", "tls.caBundle=bm90IGEgY2VydA=="], "caBundle"),
            (["--set", "tls.existingSecret=webhook-tls"], "tls.certManager.enabled=false"),
        ]);

    [Theory]
    [MemberData(nameof(ContradictoryTls))]
    public void Rejects_a_ca_bundle_that_is_not_a_pem_certificate_and_an_existing_secret_that_cert_manager_would_ignore(HelmVersion version, string[] values, string mentions)
    {
        var result = Helm.Template(version, values);

        Assert.False(result.Succeeded);
        Assert.Contains(mentions, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HelmVersion.Helm3)]
    [InlineData(HelmVersion.Helm4)]
    public void Accepts_a_quoted_or_bare_off_as_an_action(HelmVersion version)
    {
        var valuesFile = Path.Combine(Path.GetTempPath(), $"admission-guard-chart-tests-off-{Environment.ProcessId}-{version}.yaml");
        File.WriteAllText(valuesFile, "policies:\n  hookDeadline:\n    action: off\n  configChecksum:\n    action: \"off\"\n");
        try
        {
            var result = Helm.Template(version, ["-f", valuesFile]);

            Assert.True(result.Succeeded, result.ToString());
        }
        finally
        {
            File.Delete(valuesFile);
        }
    }
}

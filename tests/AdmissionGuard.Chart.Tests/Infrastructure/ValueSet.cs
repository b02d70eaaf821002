using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>A named set of <c>helm template</c> arguments (values and capabilities).</summary>
internal sealed record ValueSet(string Name, IReadOnlyList<string> Arguments)
{
    public const string ExistingSecretName = "webhook-tls";

    public static readonly ValueSet Defaults = new("defaults", []);

    public static readonly ValueSet ConfigChecksumOff = Off("config-checksum-off", "configChecksum");
    public static readonly ValueSet KeepStatefulOff = Off("keep-stateful-off", "keepStateful");
    public static readonly ValueSet HookDeadlineOff = Off("hook-deadline-off", "hookDeadline");
    public static readonly ValueSet NoPlaintextSecretsOff = Off("no-plaintext-secrets-off", "noPlaintextSecrets");

    /// <summary>Every validating policy off: no ValidatingWebhookConfiguration at all.</summary>
    public static readonly ValueSet ValidatingPoliciesOff = new("validating-policies-off", PoliciesOff(d => d.Type == PolicyType.Validating));

    /// <summary>Only hook-deadline needs Jobs: they are narrowed to hook-annotated ones.</summary>
    public static readonly ValueSet OnlyHookDeadline = new("only-hook-deadline", PoliciesOff(d => d.Id != "hook-deadline"));

    public static readonly ValueSet OnlyHelmHooks = new(
        "only-helm-hooks",
        [.. OnlyHookDeadline.Arguments, "--set", "policies.hookDeadline.parameters.includeArgoCDHooks=false"]);

    /// <summary>A bare <c>off</c> in a values file reads as false; the chart takes it as off.</summary>
    public static readonly ValueSet HookDeadlineFalse = new("hook-deadline-false", ["--set", "policies.hookDeadline.action=false"]);

    public static readonly ValueSet HelmValuesOff = new("helm-values-off", ["--set", "policies.noPlaintextSecrets.parameters.helmValues=false"]);

    public static readonly ValueSet PodsAndReplicaSets = new("pods-and-replicasets", ["--set", "webhook.podsAndReplicaSets.enabled=true"]);

    public static readonly ValueSet ExistingTlsSecret = new(
        "existing-tls-secret",
        ["--set", "tls.certManager.enabled=false", "--set", "tls.existingSecret=" + ExistingSecretName, "--set-file", "tls.caBundle=" + TestCertificateAuthority.PemFile]);

    public static readonly ValueSet OwnIssuer = new(
        "own-issuer",
        ["--set", "tls.certManager.issuerRef.kind=ClusterIssuer", "--set", "tls.certManager.issuerRef.name=internal-ca"]);

    public static readonly ValueSet FluxLookup = new("flux-lookup", ["--set", "fluxDecryptionLookup.enabled=true"]);

    public static readonly ValueSet BackgroundScan = new("background-scan", ["--set", "backgroundScan.enabled=true", "--set", "backgroundScan.interval=30m"]);

    public static readonly ValueSet Exceptions = new("exceptions", ["--set", "exceptions.enabled=true"]);

    public static readonly ValueSet Tuned = new(
        "tuned",
        [
            "--set", "webhook.timeoutSeconds=12",
            "--set", "webhook.validating.failurePolicy=Ignore",
            "--set", "webhook.mutating.failurePolicy=Fail",
            "--set", "webhook.excludeNamespaces={legacy,sandbox}",
            "--set", "policies.configChecksum.action=warn",
            "--set", "policies.noPlaintextSecrets.action=audit",
            "--set", "policies.hookDeadline.parameters.maxSeconds=900",
            "--set", "policies.noPlaintextSecrets.exclude.namespaces={legacy-apps}",
            "--set", "policies.noPlaintextSecrets.exclude.serviceAccounts={flux-system/kustomize-controller}",
            "--set", "rollOnPolicyChange=false",
            "--set", "logLevel=Warning",
        ]);

    public static readonly ValueSet Kubernetes129 = new("kubernetes-1.29", ["--kube-version", "1.29.0"]);
    public static readonly ValueSet Kubernetes131 = new("kubernetes-1.31", ["--kube-version", "1.31.0"]);
    public static readonly ValueSet Kubernetes129OnlyHookDeadline = new("kubernetes-1.29-only-hook-deadline", [.. Kubernetes129.Arguments, .. OnlyHookDeadline.Arguments]);
    public static readonly ValueSet Kubernetes129Pods = new("kubernetes-1.29-pods", [.. Kubernetes129.Arguments, .. PodsAndReplicaSets.Arguments]);

    public static readonly IReadOnlyList<ValueSet> All =
    [
        Defaults, ConfigChecksumOff, KeepStatefulOff, HookDeadlineOff, NoPlaintextSecretsOff, ValidatingPoliciesOff,
        OnlyHookDeadline, OnlyHelmHooks, HookDeadlineFalse, HelmValuesOff, PodsAndReplicaSets, ExistingTlsSecret, OwnIssuer, FluxLookup, BackgroundScan, Exceptions, Tuned,
        Kubernetes129, Kubernetes131, Kubernetes129OnlyHookDeadline, Kubernetes129Pods,
    ];

    public static ValueSet Named(string name) =>
        All.SingleOrDefault(v => v.Name == name) ?? throw new ArgumentException("no value set named " + name, nameof(name));

    /// <summary>Every value set name, for theories.</summary>
    public static TheoryData<string> Names => [.. All.Select(v => v.Name)];

    public ValueSet With(params string[] arguments) => new(Name + "+", [.. Arguments, .. arguments]);

    public override string ToString() => Name;

    private static ValueSet Off(string name, string policyKey) => new(name, ["--set", $"policies.{policyKey}.action=off"]);

    /// <summary>The arguments that turn off each policy of the catalog <paramref name="off"/> picks.</summary>
    private static string[] PoliciesOff(Func<PolicyDescriptor, bool> off) =>
        [.. PolicyCatalog.All.Where(off).SelectMany(d => new[] { "--set", $"policies.{d.ValuesKey}.action=off" })];
}

/// <summary>A throw-away CA certificate, as the caBundle of the existing-Secret TLS mode.</summary>
internal static class TestCertificateAuthority
{
    private static readonly Lazy<(string Pem, string File)> Generated = new(Generate);

    public static string Pem => Generated.Value.Pem;

    public static string PemFile => Generated.Value.File;

    private static (string, string) Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=admission-guard test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var pem = certificate.ExportCertificatePem() + "\n";
        var file = Path.Combine(Path.GetTempPath(), $"admission-guard-chart-tests-ca-{Environment.ProcessId}.pem");
        File.WriteAllText(file, pem);
        return (pem, file);
    }
}

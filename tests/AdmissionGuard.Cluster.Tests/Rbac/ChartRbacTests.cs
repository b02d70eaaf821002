namespace AdmissionGuard.Cluster.Tests.Rbac;

/// <summary>
/// The chart's own ServiceAccount and RBAC (background scan and Flux look-up on), applied to the
/// real API server, asked with <c>kubectl auth can-i --as</c> its service account: every call the
/// server, <c>scan</c> and the background scan make is allowed, and nothing near them is.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChartRbacTests
{
    private const string Account = "system:serviceaccount:" + ChartWebhooks.Namespace + ":" + ChartWebhooks.Name;

    private readonly KubeControlPlane cluster;

    public ChartRbacTests(KubeControlPlane cluster)
    {
        this.cluster = cluster;
        cluster.Once(nameof(ChartRbacTests), () =>
        {
            cluster.CreateNamespace(ChartWebhooks.Namespace);

            // kubectl auth can-i resolves TYPE.GROUP through discovery: the custom kinds must exist.
            Crds.InstallOpenReports(cluster);
            Crds.InstallGitOpsStandIns(cluster);
            var rendered = ChartWebhooks.Template(cluster, "https://127.0.0.1:1",
            [
                "--set", "backgroundScan.enabled=true", "--set", "fluxDecryptionLookup.enabled=true",
                "--show-only", "templates/serviceaccount.yaml",
                "--show-only", "templates/background-scan-rbac.yaml",
                "--show-only", "templates/flux-rbac.yaml",
            ]);
            var applied = cluster.Apply(rendered);
            Assert.True(applied.Succeeded, applied.ToString());
        });
    }

    /// <summary>Every kind the default policies target: scan and the background scan list each cluster-wide.</summary>
    private static readonly string[] ScannedKinds =
    [
        "deployments.apps", "statefulsets.apps", "daemonsets.apps", "jobs.batch", "cronjobs.batch", "secrets", "configmaps", "persistentvolumeclaims",
        "customresourcedefinitions.apiextensions.k8s.io", "helmreleases.helm.toolkit.fluxcd.io", "applications.argoproj.io", "applicationsets.argoproj.io",
    ];

    /// <summary>verb, resource (TYPE, TYPE.GROUP or TYPE/NAME), namespace (null: every namespace).</summary>
    public static TheoryData<string, string, string?> Allowed
    {
        get
        {
            var allowed = new TheoryData<string, string, string?>
            {
                // OpenReports: list its own (by label) and server-side apply them (create, for a report not there yet).
                { "list", "reports.openreports.io", null },
                { "patch", "reports.openreports.io", "shop" },
                { "create", "reports.openreports.io", "shop" },
                { "list", "clusterreports.openreports.io", null },
                { "patch", "clusterreports.openreports.io", null },
                { "create", "clusterreports.openreports.io", null },

                // The background scan's Lease in the release namespace.
                { "get", "leases.coordination.k8s.io/admission-guard-background-scan", ChartWebhooks.Namespace },
                { "update", "leases.coordination.k8s.io/admission-guard-background-scan", ChartWebhooks.Namespace },
                { "create", "leases.coordination.k8s.io", ChartWebhooks.Namespace },

                // The server's Flux decryption look-up.
                { "list", "kustomizations.kustomize.toolkit.fluxcd.io", null },
            };
            foreach (var kind in ScannedKinds)
            {
                allowed.Add("list", kind, null);
            }

            return allowed;
        }
    }

    public static TheoryData<string, string, string?> Denied => new()
    {
        { "get", "secrets", "shop" },
        { "watch", "secrets", null },
        { "create", "secrets", "shop" },
        { "patch", "deployments.apps", "shop" },
        { "delete", "configmaps", "shop" },
        { "list", "pods", null },
        { "create", "pods", "shop" },
        { "update", "leases.coordination.k8s.io/kube-controller-manager", "kube-system" },
        { "update", "leases.coordination.k8s.io/other-lease", ChartWebhooks.Namespace },
        { "delete", "leases.coordination.k8s.io/admission-guard-background-scan", ChartWebhooks.Namespace },
        { "delete", "reports.openreports.io", "shop" },
        { "get", "kustomizations.kustomize.toolkit.fluxcd.io", "flux-system" },
        { "update", "validatingwebhookconfigurations.admissionregistration.k8s.io", null },
        { "impersonate", "users", null },
        { "create", "serviceaccounts/token", ChartWebhooks.Namespace },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void The_service_account_may_make_every_call_the_features_make(string verb, string resource, string? ns) =>
        Assert.True(CanI(verb, resource, ns), $"{Account} may not {verb} {resource} in {ns ?? "every namespace"}");

    [Theory]
    [MemberData(nameof(Denied))]
    public void The_service_account_may_do_nothing_else(string verb, string resource, string? ns) =>
        Assert.False(CanI(verb, resource, ns), $"{Account} may {verb} {resource} in {ns ?? "every namespace"}");

    private bool CanI(string verb, string resource, string? ns)
    {
        var result = cluster.Kubectl(["auth", "can-i", verb, resource, "--as", Account, .. ns is null ? new[] { "--all-namespaces" } : ["-n", ns]]);
        Assert.True(result.Stdout.Trim() is "yes" or "no", result.ToString());
        return result.Stdout.Trim() == "yes";
    }
}

namespace AdmissionGuard.Cluster.Tests.Admission;

/// <summary>
/// keep-stateful through the real API server: server-side apply by the field managers Argo CD and
/// Flux use, with their marks, stores each tool's own keep mark; the patch escapes keys with
/// <c>/</c> and keeps every annotation already there; a second apply by the same manager (which
/// owns the added mark) keeps it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KeepMarkTests
{
    private const string Ns = "keep-marks";

    private readonly KubeControlPlane cluster;

    public KeepMarkTests(KubeControlPlane cluster)
    {
        this.cluster = cluster;
        cluster.RegisteredWebhookAsync().GetAwaiter().GetResult();
        cluster.Once(nameof(KeepMarkTests), () => cluster.CreateNamespace(Ns));
    }

    public static TheoryData<string, string, string, string, string> Tools => new()
    {
        {
            "argocd-controller", "argo",
            "  annotations:\n    argocd.argoproj.io/tracking-id: shop:/PersistentVolumeClaim:keep-marks/argo\n",
            "argocd.argoproj.io/sync-options", "Prune=false,Delete=false"
        },
        {
            "kustomize-controller", "flux",
            "  labels:\n    kustomize.toolkit.fluxcd.io/name: apps\n    kustomize.toolkit.fluxcd.io/namespace: flux-system\n",
            "kustomize.toolkit.fluxcd.io/prune", "disabled"
        },
        {
            "helm-controller", "flux-helm",
            "  labels:\n    app.kubernetes.io/managed-by: Helm\n    helm.toolkit.fluxcd.io/name: shop\n    helm.toolkit.fluxcd.io/namespace: keep-marks\n  annotations:\n    meta.helm.sh/release-name: shop\n    meta.helm.sh/release-namespace: keep-marks\n",
            "helm.sh/resource-policy", "keep"
        },
    };

    [Theory]
    [MemberData(nameof(Tools))]
    public void Server_side_apply_by_each_tool_stores_its_own_keep_mark_and_a_second_apply_keeps_it(string manager, string name, string marks, string key, string value)
    {
        var claim = ClusterObjects.Claim(name, Ns, marks);
        var first = cluster.Apply(claim, "--server-side", "--field-manager", manager);
        Assert.True(first.Succeeded, first.ToString());
        var stored = ClusterObjects.Annotations(cluster, "pvc", name, Ns);
        Assert.Equal(value, stored.GetValueOrDefault(key));
        foreach (var other in new[] { "argocd.argoproj.io/sync-options", "kustomize.toolkit.fluxcd.io/prune", "helm.sh/resource-policy" }.Where(k => k != key))
        {
            Assert.False(stored.ContainsKey(other), $"{manager} also got {other}: {string.Join(", ", stored)}");
        }

        // The same manager applies the same manifest again (every sync does): the mark it now owns stays.
        var again = cluster.Apply(claim, "--server-side", "--field-manager", manager);
        Assert.True(again.Succeeded, again.ToString());
        Assert.Equal(value, ClusterObjects.Annotations(cluster, "pvc", name, Ns).GetValueOrDefault(key));
    }

    [Fact]
    public void The_patch_adds_its_keys_beside_existing_annotations_with_slashes_dots_and_dashes()
    {
        const string existing = "  annotations:\n    example.com/owner: team-a\n    backup.velero.io/backup-volumes: data\n    my-org.io/a_b.c-d: \"x\"\n    plain: \"y\"\n";
        var applied = cluster.Apply(ClusterObjects.Claim("escapes", Ns, "  labels:\n    app.kubernetes.io/managed-by: Helm\n" + existing), "--field-manager", "helm");
        Assert.True(applied.Succeeded, applied.ToString());

        var stored = ClusterObjects.Annotations(cluster, "pvc", "escapes", Ns);
        Assert.Equal("keep", stored["helm.sh/resource-policy"]);
        Assert.Equal("team-a", stored["example.com/owner"]);
        Assert.Equal("data", stored["backup.velero.io/backup-volumes"]);
        Assert.Equal("x", stored["my-org.io/a_b.c-d"]);
        Assert.Equal("y", stored["plain"]);
    }

    [Fact]
    public void A_claim_without_annotations_gets_a_new_map()
    {
        var applied = cluster.Apply(ClusterObjects.Claim("bare", Ns, "  labels:\n    app.kubernetes.io/managed-by: Helm\n"), "--server-side", "--field-manager", "helm");
        Assert.True(applied.Succeeded, applied.ToString());

        Assert.Equal("keep", ClusterObjects.Annotations(cluster, "pvc", "bare", Ns)["helm.sh/resource-policy"]);
    }
}

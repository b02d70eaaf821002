using System.Text;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Cluster.Tests.ControlPlane;

/// <summary>
/// CustomResourceDefinitions the tests need: the upstream OpenReports CRDs
/// (<c>../shared/reference/openreports</c>, or the folder named by <c>OPENREPORTS_CRDS</c>), and
/// for the kinds of Flux and Argo CD only a schema-less stand-in (group, version, kind, scope):
/// enough for discovery, RBAC and lists, which is all the tests ask of them.
/// </summary>
public static class Crds
{
    public static string OpenReportsDirectory { get; } = Environment.GetEnvironmentVariable("OPENREPORTS_CRDS") is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "reference", "openreports"));

    private static readonly (string Group, string Version, string Kind, string Plural, bool Namespaced)[] GitOpsKinds =
    [
        ("helm.toolkit.fluxcd.io", "v2", "HelmRelease", "helmreleases", true),
        ("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations", true),
        ("argoproj.io", "v1alpha1", "Application", "applications", true),
        ("argoproj.io", "v1alpha1", "ApplicationSet", "applicationsets", true),
    ];

    /// <summary>Reports and ClusterReports (openreports.io/v1alpha1), established.</summary>
    public static void InstallOpenReports(KubeControlPlane cluster)
    {
        foreach (var file in new[] { "openreports.io_reports.yaml", "openreports.io_clusterreports.yaml" })
        {
            var applied = cluster.Kubectl("apply", "--server-side", "-f", Path.Combine(OpenReportsDirectory, file));
            Assert.True(applied.Succeeded, applied.ToString());
        }

        Established(cluster, "reports.openreports.io", "clusterreports.openreports.io");
    }

    /// <summary>HelmRelease, Kustomization, Application and ApplicationSet, established.</summary>
    public static void InstallGitOpsStandIns(KubeControlPlane cluster)
    {
        var yaml = new StringBuilder();
        foreach (var (group, version, kind, plural, namespaced) in GitOpsKinds)
        {
            yaml.Append($"""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: {plural}.{group}
                spec:
                  group: {group}
                  names:
                    kind: {kind}
                    plural: {plural}
                    singular: {kind.ToLowerInvariant()}
                  scope: {(namespaced ? "Namespaced" : "Cluster")}
                  versions:
                  - name: {version}
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
                ---

                """);
        }

        var applied = cluster.Apply(yaml.ToString());
        Assert.True(applied.Succeeded, applied.ToString());
        Established(cluster, [.. GitOpsKinds.Select(k => $"{k.Plural}.{k.Group}")]);
    }

    private static void Established(KubeControlPlane cluster, params string[] names)
    {
        var waited = cluster.Kubectl(["wait", "--for", "condition=Established", "--timeout=60s", .. names.Select(n => "crd/" + n)]);
        Assert.True(waited.Succeeded, waited.ToString());
    }
}

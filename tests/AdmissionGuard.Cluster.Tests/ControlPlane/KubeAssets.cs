using AdmissionGuard.Testing;

namespace AdmissionGuard.Cluster.Tests.ControlPlane;

/// <summary>
/// Where the control-plane binaries are, envtest's convention: the folder named by
/// <c>KUBEBUILDER_ASSETS</c>, else <c>.tools/kube-1.34.2</c> in the repository, which
/// <c>make tools</c> fills from the xz-compressed binaries (digests checked).
/// </summary>
internal static class KubeAssets
{
    public const string Version = "1.34.2";

    public static string Directory { get; } = Environment.GetEnvironmentVariable("KUBEBUILDER_ASSETS") is { Length: > 0 } assets
        ? Path.GetFullPath(assets)
        : Path.Combine(Repository.Root, ".tools", "kube-" + Version);

    public static string Etcd => Binary("etcd");

    public static string ApiServer => Binary("kube-apiserver");

    public static string ControllerManager => Binary("kube-controller-manager");

    public static string Kubectl => Binary("kubectl");

    /// <summary>Helm 3 (3.17) or Helm 4 (4.1), fetched by <c>make tools</c>.</summary>
    public static string Helm(int major)
    {
        var path = Path.Combine(Repository.Root, ".tools", $"helm{major}", "helm");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run `make tools` in {Repository.Root}.", path);
    }

    private static string Binary(string name)
    {
        var path = Path.Combine(Directory, name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{path} is missing. Run `make tools` in {Repository.Root} (it unpacks the control plane from KUBE_ARCHIVES, default ../shared/kube), " +
                "or point KUBEBUILDER_ASSETS at a folder holding etcd, kube-apiserver, kube-controller-manager and kubectl.",
                path);
    }
}

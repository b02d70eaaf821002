using k8s;

namespace AdmissionGuard.Scan.Api;

/// <summary>Where the scanner finds the cluster: a kubeconfig (and context), or the pod's own service account.</summary>
internal static class ClusterConnection
{
    /// <summary>
    /// <paramref name="kubeconfig"/> when given; else, inside a pod, the in-cluster configuration;
    /// else <c>$KUBECONFIG</c> or <c>~/.kube/config</c>. <paramref name="context"/> picks a kubeconfig context.
    /// Every call gets a client, and so an HTTP connection pool, of its own.
    /// </summary>
    public static KubeApi Open(string? kubeconfig, string? context)
    {
        KubernetesClientConfiguration config;
        if (kubeconfig is null && context is null && KubernetesClientConfiguration.IsInCluster())
        {
            config = KubernetesClientConfiguration.InClusterConfig();
        }
        else
        {
            var path = kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0);
            config = path is null
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: context)
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: context);
        }

        return new KubeApi(config);
    }
}

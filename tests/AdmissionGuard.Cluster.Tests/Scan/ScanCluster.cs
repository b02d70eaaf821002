using AdmissionGuard.Cluster.Tests.Admission;

namespace AdmissionGuard.Cluster.Tests.Scan;

/// <summary>
/// What the scan tests find in their cluster (made once): namespace scan-shop with a Deployment
/// that reads its ConfigMap without a checksum, a plaintext Secret and a Helm-installed claim;
/// scan-paging with eleven ConfigMaps; scan-clean with one clean ConfigMap; the chart's service
/// account with the background scan's RBAC; an account that may list everything but Secrets.
/// </summary>
internal static class ScanCluster
{
    public const string Shop = "scan-shop";
    public const string Paging = "scan-paging";
    public const string Clean = "scan-clean";
    public const int PagingConfigMaps = 11;

    public static void Prepare(KubeControlPlane cluster) => cluster.Once(nameof(ScanCluster), () =>
    {
        foreach (var ns in new[] { Shop, Paging, Clean, ChartWebhooks.Namespace, "scan-rbac" })
        {
            cluster.CreateNamespace(ns);
        }

        Ok(cluster, cluster.Apply($"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
              namespace: {Shop}
            data:
              greeting: hello
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: {Shop}
            spec:
              selector:
                matchLabels: {"{app: web}"}
              template:
                metadata:
                  labels: {"{app: web}"}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.29
                    envFrom:
                    - configMapRef: {"{name: web-config}"}
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: {Shop}
            stringData:
              password: Scan-Cluster-Value-42

            """));
        Ok(cluster, cluster.Apply($"""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
              namespace: {Shop}
              labels:
                app.kubernetes.io/managed-by: Helm
              annotations:
                meta.helm.sh/release-name: shop
                meta.helm.sh/release-namespace: {Shop}
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 1Gi

            """, "--field-manager", "helm"));
        Ok(cluster, cluster.Apply(string.Join("---\n", Enumerable.Range(0, PagingConfigMaps).Select(i =>
            $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-{i:D2}\n  namespace: {Paging}\ndata:\n  level: \"{i}\"\n"))));
        Ok(cluster, cluster.Apply($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: {Clean}\ndata:\n  level: \"1\"\n"));

        // The chart's own service account and background-scan RBAC.
        Ok(cluster, cluster.Apply(ChartWebhooks.Template(cluster, "https://127.0.0.1:1",
        [
            "--set", "backgroundScan.enabled=true",
            "--show-only", "templates/serviceaccount.yaml",
            "--show-only", "templates/background-scan-rbac.yaml",
        ])));

        // An account that may list every kind the scan reads but Secrets.
        Ok(cluster, cluster.Apply("""
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: no-secrets
              namespace: scan-rbac
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: scan-no-secrets
            rules:
            - apiGroups: ["", "apps", "batch", "apiextensions.k8s.io", "helm.toolkit.fluxcd.io", "argoproj.io"]
              resources: [configmaps, persistentvolumeclaims, deployments, statefulsets, daemonsets, jobs, cronjobs, customresourcedefinitions, helmreleases, applications, applicationsets]
              verbs: [list]
            ---

            """ + ClusterObjects.ClusterRoleBinding("scan-no-secrets", "scan-no-secrets", ClusterObjects.ServiceAccount("no-secrets", "scan-rbac"))));
    });

    /// <summary>
    /// The policy files the chart renders into its ConfigMap (default values), written into a
    /// folder for <c>--policies</c>: what the chart's background scan judges with.
    /// </summary>
    public static string ChartPolicies(KubeControlPlane cluster)
    {
        var directory = Path.Combine(cluster.WorkDirectory, "chart-policies");
        cluster.Once(nameof(ChartPolicies), () => ChartWebhooks.RenderPolicies(cluster, directory));
        return directory;
    }

    /// <summary><c>admission-guard scan --kubeconfig KUBECONFIG args...</c> as a process, nothing of the caller's cluster settings leaking in.</summary>
    public static ProcessResult Scan(string kubeconfig, params string[] arguments)
    {
        var (fileName, args) = ChildProcess.AdmissionGuard(ChildProcess.AdmissionGuardDll, ["scan", "--kubeconfig", kubeconfig, .. arguments]);
        return ChildProcess.Run(fileName, args, environment: new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = null,
            ["KUBERNETES_SERVICE_HOST"] = null,
            ["KUBERNETES_SERVICE_PORT"] = null,
        });
    }

    private static void Ok(KubeControlPlane cluster, ProcessResult result) => Assert.True(result.Succeeded, $"{result} {cluster.Where}");
}

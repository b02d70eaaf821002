using System.Text.Json.Nodes;

namespace AdmissionGuard.Cluster.Tests.Admission;

/// <summary>Small manifests and reads the cluster tests share.</summary>
internal static class ClusterObjects
{
    /// <summary>A PersistentVolumeClaim with <paramref name="metadata"/> lines (indented YAML under metadata:) added.</summary>
    public static string Claim(string name, string ns, string metadata = "") => $"""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: {name}
          namespace: {ns}
        {metadata}spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi

        """;

    public static string ConfigMap(string name, string ns, string value = "plain") =>
        ConfigMapWithData(name, ns, $"  setting: \"{value}\"\n");

    /// <summary>A ConfigMap whose value is a private key: no-plaintext-secrets denies it wherever the webhook looks.</summary>
    public static string ConfigMapWithPrivateKey(string name, string ns) => ConfigMapWithData(name, ns, """
          key.pem: |
            -----BEGIN RSA PRIVATE KEY-----
            MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
            VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
            -----END RSA PRIVATE KEY-----

        """);

    /// <summary>A ConfigMap with <paramref name="data"/> lines (indented YAML under data:).</summary>
    private static string ConfigMapWithData(string name, string ns, string data) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
        data:
        {data}
        """;

    /// <summary>A Helm hook Job (pre-upgrade) with <paramref name="deadline"/> lines (indented YAML under spec:) added: without activeDeadlineSeconds, hook-deadline denies it.</summary>
    public static string HookJob(string name, string ns, string deadline = "") => HookJobManifest.Yaml(name, ns, deadline);

    /// <summary>A ClusterRoleBinding of <paramref name="clusterRole"/> to <paramref name="subjects"/> (<see cref="User"/>, <see cref="ServiceAccount"/>).</summary>
    public static string ClusterRoleBinding(string name, string clusterRole, params string[] subjects) => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: {name}
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: {clusterRole}
        subjects:
        {string.Concat(subjects)}
        """;

    /// <summary>A user as a subject of a binding.</summary>
    public static string User(string name) => $"- kind: User\n  apiGroup: rbac.authorization.k8s.io\n  name: {name}\n";

    /// <summary>A service account as a subject of a binding.</summary>
    public static string ServiceAccount(string name, string ns) => $"- kind: ServiceAccount\n  name: {name}\n  namespace: {ns}\n";

    /// <summary>The object's annotations as <c>kubectl get -o json</c> shows them (empty when none).</summary>
    public static Dictionary<string, string> Annotations(KubeControlPlane cluster, string resource, string name, string ns)
    {
        var json = JsonNode.Parse(cluster.KubectlOk("get", resource, name, "-n", ns, "-o", "json"))!;
        return json["metadata"]?["annotations"] is JsonObject map
            ? map.ToDictionary(p => p.Key, p => (string?)p.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }
}

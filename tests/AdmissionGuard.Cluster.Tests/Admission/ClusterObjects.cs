using System.Text.Json.Nodes;
using AdmissionGuard.Cluster.Tests.ControlPlane;

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

    public static string ConfigMap(string name, string ns, string value = "plain") => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
        data:
          setting: "{value}"

        """;

    /// <summary>A ConfigMap whose value is a private key: no-plaintext-secrets denies it wherever the webhook looks.</summary>
    public static string ConfigMapWithPrivateKey(string name, string ns) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
        data:
          key.pem: |
            -----BEGIN RSA PRIVATE KEY-----
            MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
            VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
            -----END RSA PRIVATE KEY-----

        """;

    /// <summary>The object's annotations as <c>kubectl get -o json</c> shows them (empty when none).</summary>
    public static Dictionary<string, string> Annotations(KubeControlPlane cluster, string resource, string name, string ns)
    {
        var json = JsonNode.Parse(cluster.KubectlOk("get", resource, name, "-n", ns, "-o", "json"))!;
        return json["metadata"]?["annotations"] is JsonObject map
            ? map.ToDictionary(p => p.Key, p => (string?)p.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }
}

using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>A Helm-managed PersistentVolumeClaim without <c>helm.sh/resource-policy</c>: keep-stateful patches it.</summary>
internal static class PvcSample
{
    public static ReviewSample Create() => new()
    {
        Name = "PersistentVolumeClaim",
        Webhook = PolicyType.Mutating,
        Kind = KnownKinds.PersistentVolumeClaim,
        Resource = "persistentvolumeclaims",
        Namespace = HelmMetadata.Namespace,
        Object = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = HelmMetadata.Metadata("shop-postgresql-data", "database"),
            ["spec"] = new JsonObject
            {
                ["accessModes"] = new JsonArray("ReadWriteOnce"),
                ["storageClassName"] = "standard-rwo",
                ["volumeMode"] = "Filesystem",
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["storage"] = "20Gi" },
                },
            },
            ["status"] = new JsonObject { ["phase"] = "Pending" },
        },
    };
}

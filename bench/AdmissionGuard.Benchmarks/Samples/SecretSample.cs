using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>
/// An Opaque Secret rendered from chart values and applied by Helm: no-plaintext-secrets denies
/// it, so this sample measures the denial path (message, fix, audit annotation).
/// </summary>
internal static class SecretSample
{
    public static ReviewSample Create() => new()
    {
        Name = "Secret",
        Webhook = PolicyType.Validating,
        Kind = KnownKinds.Secret,
        Resource = "secrets",
        Namespace = HelmMetadata.Namespace,
        Object = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["type"] = "Opaque",
            ["metadata"] = HelmMetadata.Metadata("shop-postgresql", "database"),
            ["data"] = new JsonObject
            {
                ["password"] = "c3VwZXItc2VjcmV0LXBhc3N3b3JkLTEyMw==",
                ["postgres-password"] = "YW5vdGhlci1zZWNyZXQtcGFzc3dvcmQtNDU2",
                ["replication-password"] = "cmVwbGljYXRpb24tcGFzc3dvcmQtNzg5",
            },
        },
    };
}

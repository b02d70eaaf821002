using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>A Service: no policy targets it, so it is answered without reading the object.</summary>
internal static class ServiceSample
{
    public static ReviewSample Create() => new()
    {
        Name = "Service",
        Webhook = PolicyType.Validating,
        Kind = new GroupVersionKind(string.Empty, "v1", "Service"),
        Resource = "services",
        Namespace = HelmMetadata.Namespace,
        Object = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = HelmMetadata.Metadata("shop-storefront", "web"),
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["selector"] = new JsonObject
                {
                    ["app.kubernetes.io/name"] = "storefront",
                    ["app.kubernetes.io/instance"] = HelmMetadata.Release,
                },
                ["ports"] = new JsonArray(
                    new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = "http", ["protocol"] = "TCP" },
                    new JsonObject { ["name"] = "metrics", ["port"] = 9090, ["targetPort"] = "metrics", ["protocol"] = "TCP" }),
            },
        },
    };
}

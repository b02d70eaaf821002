using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>Wraps a sample object into the AdmissionReview envelope the API server sends for a CREATE.</summary>
internal static class AdmissionReviewJson
{
    /// <summary>A human running <c>helm upgrade --install</c> through an OIDC login.</summary>
    public static readonly UserInfo User = new("jane@example.com", ["platform-team", "system:authenticated"]);

    public static byte[] Build(ReviewSample sample)
    {
        var kind = sample.Kind;
        var resource = new JsonObject
        {
            ["group"] = kind.Group,
            ["version"] = kind.Version,
            ["resource"] = sample.Resource,
        };
        var request = new JsonObject
        {
            ["uid"] = ReviewSample.Uid,
            ["kind"] = new JsonObject { ["group"] = kind.Group, ["version"] = kind.Version, ["kind"] = kind.Kind },
            ["resource"] = resource,
            ["requestKind"] = new JsonObject { ["group"] = kind.Group, ["version"] = kind.Version, ["kind"] = kind.Kind },
            ["requestResource"] = resource.DeepClone(),
            ["name"] = sample.ObjectName,
            ["operation"] = "CREATE",
            ["userInfo"] = new JsonObject
            {
                ["username"] = User.Username,
                ["uid"] = "8a6b1d7e-1f5c-4c8e-9a51-3b0f6f0c2d11",
                ["groups"] = new JsonArray(User.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
                ["extra"] = new JsonObject
                {
                    ["authentication.kubernetes.io/credential-id"] = new JsonArray("JTI=4f8c2a1e-5b7d-4e9a-8c3f-1d2e3f4a5b6c"),
                },
            },
            ["object"] = sample.Object.DeepClone(),
            ["oldObject"] = null,
            ["dryRun"] = false,
            ["options"] = new JsonObject
            {
                ["kind"] = "CreateOptions",
                ["apiVersion"] = "meta.k8s.io/v1",
                ["fieldManager"] = sample.FieldManager,
            },
        };
        if (sample.Namespace.Length > 0)
        {
            request["namespace"] = sample.Namespace;
        }

        var review = new JsonObject
        {
            ["kind"] = "AdmissionReview",
            ["apiVersion"] = "admission.k8s.io/v1",
            ["request"] = request,
        };
        return JsonSerializer.SerializeToUtf8Bytes(review);
    }
}

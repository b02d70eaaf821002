using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Server;

/// <summary>AdmissionReview request bodies as the API server sends them.</summary>
internal static class Reviews
{
    public const string V1 = "admission.k8s.io/v1";
    public const string V1Beta1 = "admission.k8s.io/v1beta1";

    /// <summary>A review of a ConfigMap in namespace <c>shop</c> with the given data.</summary>
    public static string ConfigMap(
        string uid,
        JsonObject data,
        string apiVersion = V1,
        string operation = "CREATE",
        bool dryRun = false,
        JsonObject? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = "settings", ["namespace"] = "shop" };
        if (annotations is not null)
        {
            metadata["annotations"] = annotations;
        }

        var obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = data };
        return Review(uid, apiVersion, operation, dryRun, "", "v1", "ConfigMap", "configmaps", obj);
    }

    public static string Review(
        string uid,
        string apiVersion,
        string operation,
        bool dryRun,
        string group,
        string version,
        string kind,
        string resource,
        JsonObject obj)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
                ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = resource },
                ["requestKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
                ["name"] = obj["metadata"]?["name"]?.GetValue<string>(),
                ["namespace"] = obj["metadata"]?["namespace"]?.GetValue<string>(),
                ["operation"] = operation,
                ["userInfo"] = new JsonObject
                {
                    ["username"] = "jane@example.com",
                    ["uid"] = "1234",
                    ["groups"] = new JsonArray("system:authenticated", "shop-admins"),
                },
                ["object"] = obj,
                ["oldObject"] = null,
                ["dryRun"] = dryRun,
                ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "CreateOptions", ["fieldManager"] = "kubectl-client-side-apply" },
            },
        };
        return review.ToJsonString();
    }

    /// <summary>The <c>response</c> object of an answer.</summary>
    public static JsonObject Response(string answer)
    {
        var root = JsonNode.Parse(answer)!.AsObject();
        return root["response"]!.AsObject();
    }
}

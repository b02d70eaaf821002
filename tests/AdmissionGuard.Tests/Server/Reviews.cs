using AdmissionGuard.Testing;
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
        return Review(uid, apiVersion, operation, dryRun, obj);
    }

    /// <summary>
    /// A review of <paramref name="obj"/> (<see cref="RealReviews.Wrap"/>) from a user of the shop
    /// team applying with kubectl, unless <paramref name="fieldManager"/> says otherwise.
    /// </summary>
    public static string Review(string uid, string apiVersion, string operation, bool dryRun, JsonObject obj, string fieldManager = "kubectl-client-side-apply") =>
        RealReviews.Wrap(
            obj,
            uid,
            operation: operation,
            groups: ["system:authenticated", "shop-admins"],
            fieldManager: fieldManager,
            dryRun: dryRun,
            apiVersion: apiVersion).ToJsonString();

    /// <summary>The <c>response</c> object of an answer.</summary>
    public static JsonObject Response(string answer)
    {
        var root = JsonNode.Parse(answer)!.AsObject();
        return root["response"]!.AsObject();
    }
}

using System.Text.Json.Nodes;

namespace AdmissionGuard.Chart.Tests.Dispatch;

/// <summary>Builds the objects and requests the dispatch replay feeds to the rendered configurations.</summary>
internal static class ClusterObjects
{
    public const string AppNamespace = "shop";

    /// <summary>An object of a kind, named <c>demo</c>, with the given metadata.</summary>
    public static JsonObject Object(
        ApiResource resource,
        string? ns = AppNamespace,
        IReadOnlyDictionary<string, string>? annotations = null,
        IReadOnlyDictionary<string, string>? labels = null,
        IEnumerable<(string ApiVersion, string Kind)>? owners = null,
        string? type = null,
        bool beingDeleted = false)
    {
        var metadata = new JsonObject { ["name"] = "demo" };
        if (resource.Namespaced && ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (annotations is not null)
        {
            metadata["annotations"] = ToJson(annotations);
        }

        if (labels is not null)
        {
            metadata["labels"] = ToJson(labels);
        }

        if (owners is not null)
        {
            metadata["ownerReferences"] = new JsonArray([.. owners.Select(o => (JsonNode)new JsonObject
            {
                ["apiVersion"] = o.ApiVersion,
                ["kind"] = o.Kind,
                ["name"] = "owner",
                ["uid"] = "9f2d5f0e-4b0e-4c39-9b7e-3c1f1f1f1f1f",
                ["controller"] = true,
            })]);
        }

        if (beingDeleted)
        {
            metadata["deletionTimestamp"] = "2025-01-01T00:00:00Z";
            metadata["finalizers"] = new JsonArray("foregroundDeletion");
        }

        var obj = new JsonObject
        {
            ["apiVersion"] = resource.ApiVersion,
            ["kind"] = resource.Kind,
            ["metadata"] = metadata,
        };
        if (type is not null)
        {
            obj["type"] = type;
        }

        return obj;
    }

    /// <summary>
    /// A request for an object in a namespace with labels. The namespace carries
    /// <c>kubernetes.io/metadata.name</c> as the API server sets it on every namespace.
    /// </summary>
    public static AdmissionAttempt Attempt(
        ApiResource resource,
        string operation = "CREATE",
        string ns = AppNamespace,
        IReadOnlyDictionary<string, string>? namespaceLabels = null,
        JsonObject? obj = null,
        string subResource = "",
        string username = "jane@example.com")
    {
        var effectiveNamespace = resource.Namespaced ? ns : string.Empty;
        var labels = new Dictionary<string, string>(namespaceLabels ?? new Dictionary<string, string>());
        if (effectiveNamespace.Length > 0)
        {
            labels["kubernetes.io/metadata.name"] = effectiveNamespace;
        }

        var o = obj ?? Object(resource, effectiveNamespace.Length > 0 ? effectiveNamespace : null);
        return new AdmissionAttempt
        {
            Resource = resource,
            SubResource = subResource,
            Operation = operation,
            Username = username,
            Namespace = effectiveNamespace,
            NamespaceLabels = labels,
            Object = operation == "DELETE" ? null : o,
            OldObject = operation == "CREATE" ? null : o.DeepClone().AsObject(),
        };
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map) =>
        new(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
}

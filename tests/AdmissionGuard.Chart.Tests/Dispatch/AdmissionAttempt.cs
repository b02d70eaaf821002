using System.Text.Json.Nodes;

namespace AdmissionGuard.Chart.Tests.Dispatch;

/// <summary>
/// One write the API server is admitting: the resource, the operation, the namespace (and the
/// labels that namespace carries), and the object as the webhook would receive it.
/// </summary>
internal sealed record AdmissionAttempt
{
    public required ApiResource Resource { get; init; }

    /// <summary>Empty for the object itself; <c>status</c>, <c>scale</c>... for subresources.</summary>
    public string SubResource { get; init; } = string.Empty;

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    public string Operation { get; init; } = "CREATE";

    /// <summary>Empty for cluster-scoped objects.</summary>
    public string Namespace { get; init; } = string.Empty;

    /// <summary>
    /// The namespace's labels. The API server labels every namespace
    /// <c>kubernetes.io/metadata.name=&lt;name&gt;</c> itself; <see cref="ClusterObjects.Attempt"/> adds it.
    /// </summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels { get; init; } = new Dictionary<string, string>();

    /// <summary><c>request.userInfo.username</c>: who makes the request.</summary>
    public string Username { get; init; } = "jane@example.com";

    /// <summary>The new object; null for DELETE.</summary>
    public JsonObject? Object { get; init; }

    /// <summary>The existing object; null for CREATE.</summary>
    public JsonObject? OldObject { get; init; }

    public override string ToString() =>
        $"{Operation} {Resource.Kind}{(SubResource.Length > 0 ? "/" + SubResource : string.Empty)} {(Namespace.Length > 0 ? Namespace + "/" : string.Empty)}{Object?["metadata"]?["name"] ?? OldObject?["metadata"]?["name"]}";
}

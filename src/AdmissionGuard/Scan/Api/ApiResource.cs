namespace AdmissionGuard.Scan.Api;

/// <summary>A kind as the API server serves it: its REST name (plural) and scope.</summary>
internal sealed record ApiResource(GroupVersionKind Kind, string Plural, bool Namespaced, bool Listable)
{
    /// <summary><c>/api/v1</c> for the core group, <c>/apis/group/version</c> otherwise.</summary>
    public string GroupVersionPath => Kind.Group.Length == 0 ? $"/api/{Kind.Version}" : $"/apis/{Kind.Group}/{Kind.Version}";

    /// <summary>The collection URL: every namespace, or one (<paramref name="ns"/>) for a namespaced kind.</summary>
    public string CollectionPath(string? ns) =>
        Namespaced && ns is not null ? $"{GroupVersionPath}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}" : $"{GroupVersionPath}/{Plural}";

    /// <summary><c>deployments.apps</c>, <c>secrets</c>: the name RBAC rules and kubectl use.</summary>
    public string Name => Kind.Group.Length == 0 ? Plural : $"{Plural}.{Kind.Group}";
}

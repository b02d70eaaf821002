namespace AdmissionGuard.Scan;

/// <summary>
/// Who applied a live object, read from <c>metadata.managedFields</c>: the field manager the
/// webhook would have seen in the review's <c>options.fieldManager</c> when the object was written.
/// The appliers the policies know (Helm, Argo CD, Flux, kubectl) win over others, since a
/// controller that later writes a field (an HPA's <c>spec.replicas</c>, kubectl scale) does not
/// make it the object's applier; entries of subresources (<c>status</c>, <c>scale</c>) never count.
/// With no known applier, the first manager that wrote the object itself is named (a controller
/// that created it, say), which the policies read as "other" unless the object's marks say more.
/// </summary>
internal static class LiveApplier
{
    /// <summary>Most specific first: Argo CD and Flux run Helm and kustomize, and their own names say so.</summary>
    private static readonly string[] Known =
    [
        "argocd-controller",
        "kustomize-controller",
        "helm-controller",
        "helm",
        "kubectl",
        "kubectl-client-side-apply",
    ];

    /// <summary>The field manager to judge the object with; empty when it has no managedFields.</summary>
    public static string FieldManager(JsonObject obj)
    {
        if (obj["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return string.Empty;
        }

        string? first = null;
        var best = int.MaxValue;
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (Text(entry, "manager") is not { Length: > 0 } manager || Text(entry, "subresource") is { Length: > 0 })
            {
                continue;
            }

            first ??= manager;
            var rank = Array.IndexOf(Known, manager);
            if (rank >= 0 && rank < best)
            {
                best = rank;
            }
        }

        return best < Known.Length ? Known[best] : first ?? string.Empty;
    }

    private static string? Text(JsonObject obj, string field) =>
        obj[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

namespace AdmissionGuard.Core.Policies.KeepStateful;

/// <summary>Whose deletion the policy protects against: the tool that applies the object, as far as it reads a keep mark.</summary>
internal enum KeepApplier
{
    /// <summary>The helm CLI or Flux's helm-controller (which runs Helm): <c>helm.sh/resource-policy: keep</c>.</summary>
    Helm,

    /// <summary>Argo CD: <c>Prune=false</c> and <c>Delete=false</c> in its sync options (Helm's keep counts as <c>Delete=false</c>).</summary>
    ArgoCD,

    /// <summary>Flux's kustomize-controller: <c>kustomize.toolkit.fluxcd.io/prune: disabled</c>.</summary>
    FluxKustomize,

    /// <summary>Plain kubectl, which reads none of these marks: nothing to add.</summary>
    Kubectl,

    /// <summary>No tool is known (a file with no marks, or an unknown requester under <c>scope: all</c>): Helm's keep, with a note.</summary>
    Unknown,
}

internal static class KeepApplierDetection
{
    /// <summary>The applier of the object; a file that is <c>helm template</c> output with no other tool's mark is rendered for Helm.</summary>
    public static KeepApplier Of(PolicyContext context) => context.Manager switch
    {
        Manager.ManifestFile when context.Request.Manifest is { IsHelmTemplateOutput: true } => KeepApplier.Helm,
        Manager.Helm or Manager.FluxHelm => KeepApplier.Helm,
        Manager.ArgoCD => KeepApplier.ArgoCD,
        Manager.FluxKustomize => KeepApplier.FluxKustomize,
        Manager.Kubectl => KeepApplier.Kubectl,
        _ => FromProtectionMarks(context),
    };

    /// <summary>
    /// With no applier known, a tool's own keep mark on the object says which tool it is written
    /// for (a PVC in a Flux repository that already has <c>prune: disabled</c>): judged for that tool,
    /// it is not given another tool's annotation.
    /// </summary>
    private static KeepApplier FromProtectionMarks(PolicyContext context)
    {
        var obj = context.Object;
        if (obj.Annotation(KeepStatefulPolicy.FluxPruneAnnotation) is not null || obj.Label(KeepStatefulPolicy.FluxPruneAnnotation) is not null)
        {
            return KeepApplier.FluxKustomize;
        }

        return obj.Annotation(ArgoSyncOptions.Annotation) is not null ? KeepApplier.ArgoCD : KeepApplier.Unknown;
    }
}

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Who applies an object (docs/managers.md): what the engine detects for every request, what
/// the CLI's <c>--applier</c> names, and what each policy branches on. Used for scope, the
/// protections a policy adds, logs and metrics.
/// </summary>
internal enum Applier
{
    Helm,
    ArgoCD,
    /// <summary>Flux's kustomize-controller (honours <c>kustomize.toolkit.fluxcd.io/prune</c>).</summary>
    FluxKustomize,
    /// <summary>Flux's helm-controller (runs Helm).</summary>
    FluxHelm,
    Kubectl,
    /// <summary>No tool is known.</summary>
    Other,
}

internal static class ApplierNames
{
    /// <summary>The name used in logs and metrics: helm, argocd, flux, kubectl, other.</summary>
    public static string ToWire(this Applier applier) => applier switch
    {
        Applier.Helm => "helm",
        Applier.ArgoCD => "argocd",
        Applier.FluxKustomize or Applier.FluxHelm => "flux",
        Applier.Kubectl => "kubectl",
        _ => "other",
    };
}

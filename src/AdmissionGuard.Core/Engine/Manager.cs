namespace AdmissionGuard.Core.Engine;

/// <summary>Who applied an object (docs/managers.md). Used for scope, logs and metrics.</summary>
public enum Manager
{
    Helm,
    ArgoCD,
    /// <summary>Flux's kustomize-controller (honours <c>kustomize.toolkit.fluxcd.io/prune</c>).</summary>
    FluxKustomize,
    /// <summary>Flux's helm-controller (runs Helm).</summary>
    FluxHelm,
    Kubectl,
    /// <summary>Read from a manifest file by the CLI with no tool-specific signal: declarative by definition.</summary>
    ManifestFile,
    Other,
}

public static class ManagerNames
{
    /// <summary>The name used in logs and metrics: helm, argocd, flux, kubectl, file, other.</summary>
    public static string ToWire(this Manager manager) => manager switch
    {
        Manager.Helm => "helm",
        Manager.ArgoCD => "argocd",
        Manager.FluxKustomize or Manager.FluxHelm => "flux",
        Manager.Kubectl => "kubectl",
        Manager.ManifestFile => "file",
        _ => "other",
    };

    /// <summary>True for objects applied from declarations (Git, charts, files), the scope of the secret and keep rules.</summary>
    public static bool IsDeclarative(this Manager manager) => manager != Manager.Other;
}

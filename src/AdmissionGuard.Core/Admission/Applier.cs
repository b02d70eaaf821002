namespace AdmissionGuard.Core.Admission;

/// <summary>
/// The tool that will apply a manifest read by the CLI (<c>--applier</c>). Objects in a repository
/// carry no applier marks yet, so the command line says which tool's protections and advice fit.
/// </summary>
public enum Applier
{
    /// <summary>The object's own marks, else Helm for <c>helm template</c> output, else unknown.</summary>
    Auto,

    /// <summary>The helm CLI (also what <c>helm template</c> output is rendered for).</summary>
    Helm,

    /// <summary>Flux: helm-controller for <c>helm template</c> output, kustomize-controller for plain manifests.</summary>
    Flux,

    /// <summary>Argo CD, whether it renders a chart or applies plain manifests.</summary>
    ArgoCD,

    /// <summary>Plain <c>kubectl apply</c>, which honours no keep or prune annotation.</summary>
    Kubectl,
}

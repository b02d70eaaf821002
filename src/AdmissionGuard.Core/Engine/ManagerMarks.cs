namespace AdmissionGuard.Core.Engine;

/// <summary>
/// The marks Helm, Argo CD, Flux and kubectl leave on the objects they apply and the field
/// managers they send, each spelled once. docs/managers.md says what each one means and where the
/// tools document it.
/// </summary>
public static class ManagerMarks
{
    public const string HelmManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="HelmManagedByLabel"/> that Helm sets.</summary>
    public const string HelmManagedByValue = "Helm";

    public const string HelmReleaseNameAnnotation = "meta.helm.sh/release-name";
    public const string ArgoTrackingIdAnnotation = "argocd.argoproj.io/tracking-id";

    /// <summary>kustomize-controller labels what it applies with the Kustomization's name and namespace.</summary>
    public const string FluxKustomizeNameLabel = "kustomize.toolkit.fluxcd.io/name";

    public const string FluxKustomizeNamespaceLabel = "kustomize.toolkit.fluxcd.io/namespace";
    public const string FluxHelmNameLabel = "helm.toolkit.fluxcd.io/name";
    public const string KubectlLastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>The service account name of Argo CD's application controller (in Argo CD's namespace).</summary>
    public const string ArgoControllerServiceAccountName = "argocd-application-controller";

    public const string HelmFieldManager = "helm";
    public const string ArgoFieldManager = "argocd-controller";
    public const string FluxKustomizeFieldManager = "kustomize-controller";
    public const string FluxHelmFieldManager = "helm-controller";
    public const string KubectlFieldManager = "kubectl";
    public const string KubectlClientSideApplyFieldManager = "kubectl-client-side-apply";
}

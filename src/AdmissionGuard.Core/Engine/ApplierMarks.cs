using System.Collections.Frozen;

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// The marks Helm, Argo CD, Flux and kubectl leave on the objects they apply and the field
/// managers they send, each spelled once, with the manager each one names, in the order
/// <see cref="ApplierDetector"/> reads them. docs/managers.md says what each one means and where
/// the tools document it.
/// </summary>
internal static class ApplierMarks
{
    /// <summary>The field manager the helm CLI sends.</summary>
    public const string HelmFieldManager = "helm";

    /// <summary>1. The field managers of the tools that send their own: each names the applier directly.</summary>
    public static readonly FrozenDictionary<string, Applier> ApplierFieldManagers = new Dictionary<string, Applier>
    {
        [HelmFieldManager] = Applier.Helm,
        ["argocd-controller"] = Applier.ArgoCD,
        ["kustomize-controller"] = Applier.FluxKustomize,
        ["helm-controller"] = Applier.FluxHelm,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>2. The service account name of Argo CD's application controller (in Argo CD's namespace).</summary>
    public const string ArgoControllerServiceAccountName = "argocd-application-controller";

    public const string HelmReleaseNameAnnotation = "meta.helm.sh/release-name";

    /// <summary>Helm's chart convention: templates label what they render <c>app.kubernetes.io/managed-by: Helm</c>.</summary>
    public const string HelmManagedByLabel = "app.kubernetes.io/managed-by";

    public const string HelmManagedByValue = "Helm";

    /// <summary>kustomize-controller labels what it applies with the Kustomization's name and namespace.</summary>
    public const string FluxKustomizeNameLabel = "kustomize.toolkit.fluxcd.io/name";

    public const string FluxKustomizeNamespaceLabel = "kustomize.toolkit.fluxcd.io/namespace";

    /// <summary>3. The marks on an object that name its applier, most specific first; a null value means any value.</summary>
    internal static readonly (bool OnAnnotation, string Key, string? Value, Applier Applier)[] ObjectMarks =
    [
        (true, "argocd.argoproj.io/tracking-id", null, Applier.ArgoCD),
        (false, FluxKustomizeNameLabel, null, Applier.FluxKustomize),
        (false, "helm.toolkit.fluxcd.io/name", null, Applier.FluxHelm),
        (false, HelmManagedByLabel, HelmManagedByValue, Applier.Helm),
        (true, HelmReleaseNameAnnotation, null, Applier.Helm),
        (true, "kubectl.kubernetes.io/last-applied-configuration", null, Applier.Kubectl),
    ];

    /// <summary>4. kubectl's field managers; they count only after the object's marks, since other tools' client-side apply goes through kubectl's code.</summary>
    public static readonly FrozenSet<string> KubectlFieldManagers = FrozenSet.ToFrozenSet(["kubectl-client-side-apply", "kubectl"], StringComparer.Ordinal);
}

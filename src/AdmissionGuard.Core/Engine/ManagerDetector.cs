using AdmissionGuard.Core.Admission;

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// Tells who applied an object (DESIGN 2.5). The field manager names the applier directly, so it
/// wins; then the marks each tool leaves on objects, the most specific first: an Argo CD-rendered
/// chart carries Helm's labels as well as Argo CD's tracking id, and a Flux HelmRelease's objects
/// carry Helm's annotations as well as Flux's labels. In the CLI, <c>--applier</c> beats them all.
/// </summary>
public static class ManagerDetector
{
    public const string HelmManagedByLabel = "app.kubernetes.io/managed-by";
    public const string HelmReleaseNameAnnotation = "meta.helm.sh/release-name";
    public const string ArgoTrackingIdAnnotation = "argocd.argoproj.io/tracking-id";
    public const string InstanceLabel = "app.kubernetes.io/instance";
    public const string FluxKustomizeNameLabel = "kustomize.toolkit.fluxcd.io/name";
    public const string FluxHelmNameLabel = "helm.toolkit.fluxcd.io/name";
    public const string KubectlLastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
    public const string ArgoControllerServiceAccountName = "argocd-application-controller";

    public static Manager Detect(AdmissionRequest request, KubeObject? obj)
    {
        // The CLI's --applier says who will apply what a repository holds: it beats every guess.
        if (request.Manifest is { Applier: not Applier.Auto } manifest)
        {
            return manifest.Applier switch
            {
                Applier.Helm => Manager.Helm,
                Applier.Flux => manifest.IsHelmTemplateOutput ? Manager.FluxHelm : Manager.FluxKustomize,
                Applier.ArgoCD => Manager.ArgoCD,
                _ => Manager.Kubectl,
            };
        }

        switch (request.FieldManager)
        {
            case "helm":
                return Manager.Helm;
            case "argocd-controller":
                return Manager.ArgoCD;
            case "kustomize-controller":
                return Manager.FluxKustomize;
            case "helm-controller":
                return Manager.FluxHelm;
        }

        var sa = request.UserInfo.ServiceAccount;
        if (sa is not null && sa.EndsWith("/" + ArgoControllerServiceAccountName, StringComparison.Ordinal))
        {
            return Manager.ArgoCD;
        }

        if (obj is not null)
        {
            var meta = obj.Metadata;
            var annotations = meta.Annotations;
            var labels = meta.Labels;
            if (annotations is not null && annotations.ContainsKey(ArgoTrackingIdAnnotation))
            {
                return Manager.ArgoCD;
            }

            if (labels is not null)
            {
                if (labels.ContainsKey(FluxKustomizeNameLabel))
                {
                    return Manager.FluxKustomize;
                }

                if (labels.ContainsKey(FluxHelmNameLabel))
                {
                    return Manager.FluxHelm;
                }

                if (labels.TryGetValue(HelmManagedByLabel, out var managedBy) && managedBy == "Helm")
                {
                    return Manager.Helm;
                }
            }

            if (annotations is not null)
            {
                if (annotations.ContainsKey(HelmReleaseNameAnnotation))
                {
                    return Manager.Helm;
                }

                if (annotations.ContainsKey(KubectlLastAppliedAnnotation))
                {
                    return Manager.Kubectl;
                }
            }
        }

        if (request.FieldManager is "kubectl-client-side-apply" or "kubectl")
        {
            return Manager.Kubectl;
        }

        return request.FromManifestFile ? Manager.ManifestFile : Manager.Other;
    }
}

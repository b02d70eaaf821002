using AdmissionGuard.Core.Admission;

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// Tells who applied an object (docs/managers.md). The field manager names the applier directly, so it
/// wins; then the marks each tool leaves on objects, the most specific first: an Argo CD-rendered
/// chart carries Helm's labels as well as Argo CD's tracking id, and a Flux HelmRelease's objects
/// carry Helm's annotations as well as Flux's labels. The marks are spelled in <see cref="ManagerMarks"/>.
/// </summary>
public static class ManagerDetector
{
    public static Manager Detect(AdmissionRequest request, KubeObject? obj)
    {
        switch (request.FieldManager)
        {
            case ManagerMarks.HelmFieldManager:
                return Manager.Helm;
            case ManagerMarks.ArgoFieldManager:
                return Manager.ArgoCD;
            case ManagerMarks.FluxKustomizeFieldManager:
                return Manager.FluxKustomize;
            case ManagerMarks.FluxHelmFieldManager:
                return Manager.FluxHelm;
        }

        var sa = request.UserInfo.ServiceAccount;
        if (sa is not null && sa.EndsWith("/" + ManagerMarks.ArgoControllerServiceAccountName, StringComparison.Ordinal))
        {
            return Manager.ArgoCD;
        }

        if (obj is not null)
        {
            var meta = obj.Metadata;
            var annotations = meta.Annotations;
            var labels = meta.Labels;
            if (annotations is not null && annotations.ContainsKey(ManagerMarks.ArgoTrackingIdAnnotation))
            {
                return Manager.ArgoCD;
            }

            if (labels is not null)
            {
                if (labels.ContainsKey(ManagerMarks.FluxKustomizeNameLabel))
                {
                    return Manager.FluxKustomize;
                }

                if (labels.ContainsKey(ManagerMarks.FluxHelmNameLabel))
                {
                    return Manager.FluxHelm;
                }

                if (labels.TryGetValue(ManagerMarks.HelmManagedByLabel, out var managedBy) && managedBy == ManagerMarks.HelmManagedByValue)
                {
                    return Manager.Helm;
                }
            }

            if (annotations is not null)
            {
                if (annotations.ContainsKey(ManagerMarks.HelmReleaseNameAnnotation))
                {
                    return Manager.Helm;
                }

                if (annotations.ContainsKey(ManagerMarks.KubectlLastAppliedAnnotation))
                {
                    return Manager.Kubectl;
                }
            }
        }

        if (request.FieldManager is ManagerMarks.KubectlClientSideApplyFieldManager or ManagerMarks.KubectlFieldManager)
        {
            return Manager.Kubectl;
        }

        return request.FromManifestFile ? Manager.ManifestFile : Manager.Other;
    }
}

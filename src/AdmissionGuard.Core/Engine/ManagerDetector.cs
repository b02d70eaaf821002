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
    /// <summary>The marks on an object that name its applier, most specific first; a null value means any value.</summary>
    private static readonly (bool OnAnnotation, string Key, string? Value, Manager Manager)[] ObjectMarks =
    [
        (true, ManagerMarks.ArgoTrackingIdAnnotation, null, Manager.ArgoCD),
        (false, ManagerMarks.FluxKustomizeNameLabel, null, Manager.FluxKustomize),
        (false, ManagerMarks.FluxHelmNameLabel, null, Manager.FluxHelm),
        (false, ManagerMarks.HelmManagedByLabel, ManagerMarks.HelmManagedByValue, Manager.Helm),
        (true, ManagerMarks.HelmReleaseNameAnnotation, null, Manager.Helm),
        (true, ManagerMarks.KubectlLastAppliedAnnotation, null, Manager.Kubectl),
    ];

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
            foreach (var (onAnnotation, key, value, manager) in ObjectMarks)
            {
                if ((onAnnotation ? meta.Annotations : meta.Labels) is { } marks
                    && marks.TryGetValue(key, out var actual) && (value is null || actual == value))
                {
                    return manager;
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

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// Tells who applied an object (docs/managers.md). The field manager names the applier directly, so it
/// wins; then the marks each tool leaves on objects, the most specific first: an Argo CD-rendered
/// chart carries Helm's labels as well as Argo CD's tracking id, and a Flux HelmRelease's objects
/// carry Helm's annotations as well as Flux's labels. The marks, and the order they are read in, are in <see cref="ManagerMarks"/>;
/// in the CLI, <c>--applier</c> beats them all.
/// </summary>
public static class ManagerDetector
{
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

        if (ManagerMarks.ApplierFieldManagers.TryGetValue(request.FieldManager, out var applier))
        {
            return applier;
        }

        var sa = request.UserInfo.ServiceAccount;
        if (sa is not null && sa.EndsWith("/" + ManagerMarks.ArgoControllerServiceAccountName, StringComparison.Ordinal))
        {
            return Manager.ArgoCD;
        }

        if (obj is not null)
        {
            var meta = obj.Metadata;
            foreach (var (onAnnotation, key, value, manager) in ManagerMarks.ObjectMarks)
            {
                if ((onAnnotation ? meta.Annotations : meta.Labels) is { } marks
                    && marks.TryGetValue(key, out var actual) && (value is null || actual == value))
                {
                    return manager;
                }
            }
        }

        if (ManagerMarks.KubectlFieldManagers.Contains(request.FieldManager))
        {
            return Manager.Kubectl;
        }

        return request.FromManifestFile ? Manager.ManifestFile : Manager.Other;
    }
}

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// Tells who applied an object (docs/managers.md). The field manager names the applier directly, so it
/// wins; then the marks each tool leaves on objects, the most specific first: an Argo CD-rendered
/// chart carries Helm's labels as well as Argo CD's tracking id, and a Flux HelmRelease's objects
/// carry Helm's annotations as well as Flux's labels. The marks, and the order they are read in, are in <see cref="ApplierMarks"/>;
/// in the CLI, <c>--applier</c> beats them all.
/// </summary>
internal static class ApplierDetector
{
    public static Applier Detect(AdmissionRequest request, KubeObject? obj)
    {
        // The CLI's --applier (or the repository's tree) says who will apply what a repository holds: it beats every guess.
        if (request.Origin is Origin.ManifestFile { Applier: { } named })
        {
            return named;
        }

        if (ApplierMarks.ApplierFieldManagers.TryGetValue(request.FieldManager, out var applier))
        {
            return applier;
        }

        var sa = request.UserInfo.ServiceAccount;
        if (sa is not null && sa.EndsWith("/" + ApplierMarks.ArgoControllerServiceAccountName, StringComparison.Ordinal))
        {
            return Applier.ArgoCD;
        }

        if (obj is not null)
        {
            var meta = obj.Metadata;
            foreach (var (onAnnotation, key, value, manager) in ApplierMarks.ObjectMarks)
            {
                if ((onAnnotation ? meta.Annotations : meta.Labels) is { } marks
                    && marks.TryGetValue(key, out var actual) && (value is null || actual == value))
                {
                    return manager;
                }
            }
        }

        if (ApplierMarks.KubectlFieldManagers.Contains(request.FieldManager))
        {
            return Applier.Kubectl;
        }

        return Applier.Other;
    }
}

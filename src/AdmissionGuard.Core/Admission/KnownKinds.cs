namespace AdmissionGuard.Core.Admission;

/// <summary>The kinds the built-in policies target, each spelled once.</summary>
internal static class KnownKinds
{
    public static readonly GroupVersionKind Deployment = new("apps", "v1", "Deployment");
    public static readonly GroupVersionKind StatefulSet = new("apps", "v1", "StatefulSet");
    public static readonly GroupVersionKind DaemonSet = new("apps", "v1", "DaemonSet");
    public static readonly GroupVersionKind ReplicaSet = new("apps", "v1", "ReplicaSet");
    public static readonly GroupVersionKind Job = new("batch", "v1", "Job");
    public static readonly GroupVersionKind CronJob = new("batch", "v1", "CronJob");
    public static readonly GroupVersionKind Pod = new(string.Empty, "v1", "Pod");

    /// <summary>The ReplicaSet's predecessor, still in tutorials and legacy repositories: its <c>spec.template</c> is a pod template.</summary>
    public static readonly GroupVersionKind ReplicationController = new(string.Empty, "v1", "ReplicationController");
    public static readonly GroupVersionKind Secret = new(string.Empty, "v1", "Secret");
    public static readonly GroupVersionKind ConfigMap = new(string.Empty, "v1", "ConfigMap");
    public static readonly GroupVersionKind PersistentVolumeClaim = new(string.Empty, "v1", "PersistentVolumeClaim");
    public static readonly GroupVersionKind CustomResourceDefinition = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition");

    /// <summary>Flux's HelmRelease: v2 since Flux 2.3; the betas are still found in repositories.</summary>
    public static readonly GroupVersionKind HelmRelease = new("helm.toolkit.fluxcd.io", "v2", "HelmRelease");
    public static readonly GroupVersionKind HelmReleaseV2Beta2 = new("helm.toolkit.fluxcd.io", "v2beta2", "HelmRelease");
    public static readonly GroupVersionKind HelmReleaseV2Beta1 = new("helm.toolkit.fluxcd.io", "v2beta1", "HelmRelease");
    public static readonly GroupVersionKind ArgoApplication = new("argoproj.io", "v1alpha1", "Application");
    public static readonly GroupVersionKind ArgoApplicationSet = new("argoproj.io", "v1alpha1", "ApplicationSet");

    /// <summary>The kinds that carry Helm values committed to Git: Flux HelmReleases, Argo CD Applications and ApplicationSets.</summary>
    public static readonly IReadOnlyList<GroupVersionKind> HelmValueHolders =
        [HelmRelease, HelmReleaseV2Beta2, HelmReleaseV2Beta1, ArgoApplication, ArgoApplicationSet];

    /// <summary>The kinds whose <c>spec.template</c> (a CronJob: <c>spec.jobTemplate.spec.template</c>) is a pod template.</summary>
    public static readonly IReadOnlyList<GroupVersionKind> Workloads = [Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob];
}

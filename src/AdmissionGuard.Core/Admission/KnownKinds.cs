namespace AdmissionGuard.Core.Admission;

/// <summary>The kinds the built-in policies target, each spelled once.</summary>
public static class KnownKinds
{
    public static readonly GroupVersionKind Deployment = new("apps", "v1", "Deployment");
    public static readonly GroupVersionKind StatefulSet = new("apps", "v1", "StatefulSet");
    public static readonly GroupVersionKind DaemonSet = new("apps", "v1", "DaemonSet");
    public static readonly GroupVersionKind ReplicaSet = new("apps", "v1", "ReplicaSet");
    public static readonly GroupVersionKind Job = new("batch", "v1", "Job");
    public static readonly GroupVersionKind CronJob = new("batch", "v1", "CronJob");
    public static readonly GroupVersionKind Pod = new(string.Empty, "v1", "Pod");
    public static readonly GroupVersionKind Secret = new(string.Empty, "v1", "Secret");
    public static readonly GroupVersionKind ConfigMap = new(string.Empty, "v1", "ConfigMap");
    public static readonly GroupVersionKind PersistentVolumeClaim = new(string.Empty, "v1", "PersistentVolumeClaim");
    public static readonly GroupVersionKind CustomResourceDefinition = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition");

    /// <summary>The kinds whose <c>spec.template</c> (a CronJob: <c>spec.jobTemplate.spec.template</c>) is a pod template.</summary>
    public static readonly IReadOnlyList<GroupVersionKind> Workloads = [Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob];
}

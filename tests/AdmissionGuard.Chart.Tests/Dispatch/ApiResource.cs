namespace AdmissionGuard.Chart.Tests.Dispatch;

/// <summary>What API discovery tells the API server about a kind: its resource and scope.</summary>
internal sealed record ApiResource(string Group, string Version, string Resource, string Kind, bool Namespaced)
{
    public static readonly ApiResource Deployment = new("apps", "v1", "deployments", "Deployment", true);
    public static readonly ApiResource StatefulSet = new("apps", "v1", "statefulsets", "StatefulSet", true);
    public static readonly ApiResource DaemonSet = new("apps", "v1", "daemonsets", "DaemonSet", true);
    public static readonly ApiResource ReplicaSet = new("apps", "v1", "replicasets", "ReplicaSet", true);
    public static readonly ApiResource Job = new("batch", "v1", "jobs", "Job", true);
    public static readonly ApiResource CronJob = new("batch", "v1", "cronjobs", "CronJob", true);
    public static readonly ApiResource Pod = new(string.Empty, "v1", "pods", "Pod", true);
    public static readonly ApiResource ReplicationController = new(string.Empty, "v1", "replicationcontrollers", "ReplicationController", true);
    public static readonly ApiResource Secret = new(string.Empty, "v1", "secrets", "Secret", true);
    public static readonly ApiResource ConfigMap = new(string.Empty, "v1", "configmaps", "ConfigMap", true);
    public static readonly ApiResource PersistentVolumeClaim = new(string.Empty, "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true);
    public static readonly ApiResource Service = new(string.Empty, "v1", "services", "Service", true);
    public static readonly ApiResource Ingress = new("networking.k8s.io", "v1", "ingresses", "Ingress", true);
    public static readonly ApiResource CustomResourceDefinition = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false);
    public static readonly ApiResource ClusterRole = new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false);
    public static readonly ApiResource HelmRelease = new("helm.toolkit.fluxcd.io", "v2", "helmreleases", "HelmRelease", true);
    public static readonly ApiResource Application = new("argoproj.io", "v1alpha1", "applications", "Application", true);
    public static readonly ApiResource ApplicationSet = new("argoproj.io", "v1alpha1", "applicationsets", "ApplicationSet", true);
    public static readonly ApiResource PolicyException = new("admission-guard.io", "v1alpha1", "policyexceptions", "PolicyException", true);

    public static readonly IReadOnlyList<ApiResource> Known =
    [
        Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, ReplicationController, Secret, ConfigMap,
        PersistentVolumeClaim, Service, Ingress, CustomResourceDefinition, ClusterRole,
        HelmRelease, Application, ApplicationSet, PolicyException,
    ];

    /// <summary>The resource of a policy-file kind such as <c>apps/v1/Deployment</c> or <c>v1/Secret</c>.</summary>
    public static ApiResource ForPolicyKind(string policyKind)
    {
        var parts = policyKind.Split('/');
        var (group, version, kind) = parts.Length == 3 ? (parts[0], parts[1], parts[2]) : (string.Empty, parts[0], parts[1]);
        return Known.SingleOrDefault(r => r.Group == group && r.Version == version && r.Kind == kind)
            ?? throw new ArgumentException($"no API resource known for {policyKind}", nameof(policyKind));
    }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => Kind;
}

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Values that nearly every admission request repeats (groups, versions, kinds, resources, field
/// managers, user groups). The review reader returns these instances instead of allocating the
/// same strings again for every request.
/// </summary>
internal static class KnownStrings
{
    public static readonly (byte[] Utf8, string Text)[] All = Build(
        string.Empty,
        "v1",
        "apps",
        "batch",
        "apiextensions.k8s.io",
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "ReplicaSet",
        "Job",
        "CronJob",
        "Pod",
        "Secret",
        "ConfigMap",
        "PersistentVolumeClaim",
        "CustomResourceDefinition",
        "Service",
        "deployments",
        "statefulsets",
        "daemonsets",
        "replicasets",
        "jobs",
        "cronjobs",
        "pods",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "customresourcedefinitions",
        "services",
        "helm",
        "argocd-controller",
        "kustomize-controller",
        "helm-controller",
        "kubectl",
        "kubectl-client-side-apply",
        "system:authenticated",
        "system:masters",
        "system:serviceaccounts");

    private static (byte[], string)[] Build(params string[] values) =>
        values.Select(v => (Encoding.UTF8.GetBytes(v), v)).ToArray();
}

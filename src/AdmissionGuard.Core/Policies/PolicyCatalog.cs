using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies.ConfigChecksum;
using AdmissionGuard.Core.Policies.HookDeadline;
using AdmissionGuard.Core.Policies.KeepStateful;
using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Policies;

/// <summary>Every policy AdmissionGuard knows, by id.</summary>
public static class PolicyCatalog
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

    /// <summary>Flux's HelmRelease: v2 since Flux 2.3; the betas are still found in repositories.</summary>
    public static readonly GroupVersionKind HelmRelease = new("helm.toolkit.fluxcd.io", "v2", "HelmRelease");
    public static readonly GroupVersionKind HelmReleaseV2Beta2 = new("helm.toolkit.fluxcd.io", "v2beta2", "HelmRelease");
    public static readonly GroupVersionKind HelmReleaseV2Beta1 = new("helm.toolkit.fluxcd.io", "v2beta1", "HelmRelease");
    public static readonly GroupVersionKind ArgoApplication = new("argoproj.io", "v1alpha1", "Application");
    public static readonly GroupVersionKind ArgoApplicationSet = new("argoproj.io", "v1alpha1", "ApplicationSet");

    public static readonly IReadOnlyList<PolicyDescriptor> All =
    [
        new(
            ConfigChecksumPolicy.PolicyId,
            PolicyType.Validating,
            typeof(ConfigChecksumParameters),
            [Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob],
            (p, _) => new ConfigChecksumPolicy((ConfigChecksumParameters)p),
            "a workload whose pod template reads a ConfigMap carries a checksum/ pod-template annotation"),
        new(
            KeepStatefulPolicy.PolicyId,
            PolicyType.Mutating,
            typeof(KeepStatefulParameters),
            [PersistentVolumeClaim, CustomResourceDefinition],
            (p, _) => new KeepStatefulPolicy((KeepStatefulParameters)p),
            "PersistentVolumeClaims and CRDs get the keep mark their applier reads (Helm, Argo CD, Flux)"),
        new(
            HookDeadlinePolicy.PolicyId,
            PolicyType.Validating,
            typeof(HookDeadlineParameters),
            [Job],
            (p, _) => new HookDeadlinePolicy((HookDeadlineParameters)p),
            "a Helm hook Job sets spec.activeDeadlineSeconds"),
        new(
            NoPlaintextSecretsPolicy.PolicyId,
            PolicyType.Validating,
            typeof(NoPlaintextSecretsParameters),
            [
                Secret, ConfigMap, Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
                HelmRelease, HelmReleaseV2Beta2, HelmReleaseV2Beta1, ArgoApplication, ArgoApplicationSet,
            ],
            (p, s) => new NoPlaintextSecretsPolicy((NoPlaintextSecretsParameters)p, s),
            "no credentials in plaintext from Git: Secrets with values, literal env credentials, keys in ConfigMaps, literal credentials in Helm values"),
    ];

    public static PolicyDescriptor? Find(string id)
    {
        foreach (var d in All)
        {
            if (d.Id == id)
            {
                return d;
            }
        }

        return null;
    }
}

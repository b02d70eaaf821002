using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.KeepStateful;

/// <summary><c>keep-stateful</c> as the catalog, the loader, reports and <c>--help</c> know it (docs/keep-stateful.md).</summary>
public static class KeepStatefulDescriptor
{
    public static readonly PolicyDescriptor<KeepStatefulParameters> Instance = new(
        KeepStatefulPolicy.PolicyId,
        PolicyType.Mutating,
        [KnownKinds.PersistentVolumeClaim, KnownKinds.CustomResourceDefinition],
        (p, _) => new KeepStatefulPolicy(p),
        new KeepStatefulParametersValidator(),
        new PolicyHelp(
            Name: "KeepStateful",
            Summary: "PersistentVolumeClaims and CRDs carry helm.sh/resource-policy: keep.",
            Description: "PersistentVolumeClaims and CustomResourceDefinitions get the annotation helm.sh/resource-policy: keep (and, for Argo CD and Flux, their no-prune equivalents), so that an upgrade, a rollback, a GitOps prune or helm uninstall cannot delete data or CRDs together with every custom resource.",
            Markdown: """
            Deleting a PersistentVolumeClaim can delete its volume; deleting a CRD deletes every custom resource of that kind. Helm deletes what a new chart version no longer renders and everything on `helm uninstall`, unless the object carries `helm.sh/resource-policy: keep`.

            **Fix**:

            ```yaml
            metadata:
              annotations:
                helm.sh/resource-policy: keep
            ```

            `admission-guard check --fix` and `admission-guard post-render` write it. `helm uninstall` reads the annotation from the release's stored manifest, so it must be in the chart (or the post-rendered manifests), not only on the live object. For Argo CD the policy also adds `argocd.argoproj.io/sync-options: Prune=false,Delete=false`; for Flux, `kustomize.toolkit.fluxcd.io/prune: disabled`.
            """,
            Tags: ["kubernetes", "helm", "gitops", "data-loss"]));
}

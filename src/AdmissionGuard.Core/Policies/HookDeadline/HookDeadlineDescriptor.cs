using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.HookDeadline;

/// <summary><c>hook-deadline</c> as the catalog, the loader, reports and <c>--help</c> know it (docs/hook-deadline.md).</summary>
public static class HookDeadlineDescriptor
{
    public static readonly PolicyDescriptor<HookDeadlineParameters> Instance = new(
        HookDeadlinePolicy.PolicyId,
        PolicyType.Validating,
        [KnownKinds.Job],
        (p, _) => new HookDeadlinePolicy(p),
        new HookDeadlineParametersValidator(),
        new PolicyHelp(
            Name: "HookDeadline",
            Summary: "A Helm hook Job sets spec.activeDeadlineSeconds.",
            Description: "A Job annotated as a Helm hook (helm.sh/hook) or an Argo CD hook (argocd.argoproj.io/hook) must set a positive spec.activeDeadlineSeconds, so a stuck migration fails cleanly instead of hanging the release. A hook-delete-policy of hook-failed is reported as advice: it deletes the failed Job with its logs.",
            Markdown: """
            Helm waits for a hook Job to finish. A Job that never finishes (a migration waiting on a lock, an image that cannot be pulled) holds the release until Helm's `--timeout`, and leaves it failed.

            **Fix**:

            ```yaml
            spec:
              activeDeadlineSeconds: 600   # at most the --timeout your releases use
            ```

            Prefer `helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded` over `hook-failed`, which deletes a failed Job together with its Pods and logs.
            """,
            Tags: ["kubernetes", "helm", "reliability"]));
}

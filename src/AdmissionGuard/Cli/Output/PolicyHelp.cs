using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Cli.Output;

/// <summary>
/// What a report says about each policy beyond its findings: a name, one-line and full
/// descriptions, help text (plain and Markdown) and tags. SARIF rules carry these, and code
/// scanning shows them next to every alert.
/// </summary>
internal sealed record PolicyHelp(string Id, string Name, string Short, string Full, string HelpText, string HelpMarkdown, IReadOnlyList<string> Tags, string? SecuritySeverity)
{
    public static PolicyHelp For(string id) => Known.TryGetValue(id, out var help) ? help : Fallback(id);

    private static PolicyHelp Fallback(string id)
    {
        var summary = PolicyCatalog.Find(id)?.Summary ?? id;
        return new PolicyHelp(id, PascalCase(id), summary, summary, summary, summary, ["kubernetes"], null);
    }

    private static string PascalCase(string id) =>
        string.Concat(id.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static readonly Dictionary<string, PolicyHelp> Known = new[]
    {
        new PolicyHelp(
            "config-checksum",
            "ConfigChecksum",
            "A workload that reads a ConfigMap carries a checksum/ pod-template annotation.",
            "A Deployment, StatefulSet or DaemonSet whose pod template reads a ConfigMap (volume, projected volume, env valueFrom, envFrom) must carry a pod-template annotation starting with checksum/ whose value is a hex digest, so that a config change rolls the pods. Stakater Reloader and Wave annotations count as well; a ConfigMap named by kustomize's content hash needs none.",
            """
            Pods read a ConfigMap once, when they start. Without a checksum of the ConfigMap in the pod template, a release that changes only the ConfigMap leaves every pod on the old configuration until something else restarts it.
            Fix: add under spec.template.metadata.annotations
              checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
            Or let Stakater Reloader (reloader.stakater.com/auto: "true") or Wave (wave.pusher.com/update-on-config-change: "true") roll the pods.
            Not rendered by Helm: generate the ConfigMap with kustomize's configMapGenerator, whose hashed name rolls the pods.
            """,
            """
            Pods read a ConfigMap once, when they start. Without a checksum of the ConfigMap in the pod template, a release that changes only the ConfigMap leaves every pod on the old configuration until something else restarts it.

            **Fix**: add the checksum under `spec.template.metadata.annotations`:

            ```yaml
            spec:
              template:
                metadata:
                  annotations:
                    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
            ```

            Stakater Reloader (`reloader.stakater.com/auto: "true"`) and Wave (`wave.pusher.com/update-on-config-change: "true"`) on the workload satisfy the rule too. For manifests Helm does not render, generate the ConfigMap with kustomize's `configMapGenerator`: its content-hashed name rolls the pods.
            """,
            ["kubernetes", "helm", "reliability", "configuration"],
            null),
        new PolicyHelp(
            "keep-stateful",
            "KeepStateful",
            "PersistentVolumeClaims and CRDs carry the keep mark their applier reads.",
            "PersistentVolumeClaims and CustomResourceDefinitions get the mark their applier reads (helm.sh/resource-policy: keep for Helm, Prune=false,Delete=false sync options for Argo CD, prune: disabled for Flux's kustomize-controller), so that an upgrade, a rollback, a GitOps prune or helm uninstall cannot delete data or CRDs together with every custom resource.",
            """
            Deleting a PersistentVolumeClaim can delete its volume; deleting a CRD deletes every custom resource of that kind. Helm deletes what a new chart version no longer renders and everything on uninstall, unless the object carries helm.sh/resource-policy: keep.
            Fix: metadata.annotations: helm.sh/resource-policy: keep (check --fix and post-render write it). helm uninstall reads the annotation from the release's stored manifest, so it must be in the chart or the post-rendered manifests, not only on the live object.
            Argo CD: argocd.argoproj.io/sync-options: Prune=false,Delete=false. Flux kustomize-controller: kustomize.toolkit.fluxcd.io/prune: disabled. --applier names the tool.
            """,
            """
            Deleting a PersistentVolumeClaim can delete its volume; deleting a CRD deletes every custom resource of that kind. Helm deletes what a new chart version no longer renders and everything on `helm uninstall`, unless the object carries `helm.sh/resource-policy: keep`.

            **Fix**:

            ```yaml
            metadata:
              annotations:
                helm.sh/resource-policy: keep
            ```

            `admission-guard check --fix` and `admission-guard post-render` write it. `helm uninstall` reads the annotation from the release's stored manifest, so it must be in the chart (or the post-rendered manifests), not only on the live object. For Argo CD the policy adds `argocd.argoproj.io/sync-options: Prune=false,Delete=false` instead; for Flux's kustomize-controller, `kustomize.toolkit.fluxcd.io/prune: disabled`; `--applier` names the tool that applies a repository.
            """,
            ["kubernetes", "helm", "gitops", "data-loss"],
            null),
        new PolicyHelp(
            "hook-deadline",
            "HookDeadline",
            "A Helm hook Job sets spec.activeDeadlineSeconds.",
            "A Job annotated as a Helm hook (helm.sh/hook) or an Argo CD hook (argocd.argoproj.io/hook) must set a positive spec.activeDeadlineSeconds, so a stuck migration fails cleanly instead of hanging the release. argocd.argoproj.io/hook: Skip is no hook. A hook-delete-policy of hook-failed (Argo CD: HookFailed) is reported as advice: it deletes the failed Job with its logs.",
            """
            Helm waits for a hook Job to finish. A Job that never finishes (a migration waiting on a lock, an image that cannot be pulled) holds the release until Helm's --timeout, and leaves it failed.
            Fix: spec.activeDeadlineSeconds: 600 (at most the --timeout your releases use).
            Prefer helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded over hook-failed, which deletes a failed Job with its Pods and logs.
            """,
            """
            Helm waits for a hook Job to finish. A Job that never finishes (a migration waiting on a lock, an image that cannot be pulled) holds the release until Helm's `--timeout`, and leaves it failed.

            **Fix**:

            ```yaml
            spec:
              activeDeadlineSeconds: 600   # at most the --timeout your releases use
            ```

            Prefer `helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded` over `hook-failed`, which deletes a failed Job together with its Pods and logs.
            """,
            ["kubernetes", "helm", "reliability"],
            null),
        new PolicyHelp(
            "no-plaintext-secrets",
            "NoPlaintextSecrets",
            "No credentials in plaintext from Git or chart values.",
            "A Secret applied from a manifest with values in data or stringData, a container env var named like a credential with a literal value, or a ConfigMap holding a private key or a well-known token is a credential stored in plaintext in Git or in chart values. SOPS-encrypted files and SealedSecrets pass.",
            """
            Base64 in a Secret's data is an encoding, not encryption: a Secret manifest with values, a credential in an env value or a key in a ConfigMap is readable by everyone who can read the repository or the chart values.
            Fix: keep the value out of Git: a SealedSecret, an ExternalSecret, or a SOPS-encrypted Secret; reference it from containers with env[].valueFrom.secretKeyRef.
            """,
            """
            Base64 in a Secret's `data` is an encoding, not encryption: a Secret manifest with values, a credential in an env value or a key in a ConfigMap is readable by everyone who can read the repository or the chart values.

            **Fix**: keep the value out of Git, with a SealedSecret, an ExternalSecret or a SOPS-encrypted Secret, and reference it from containers:

            ```yaml
            env:
              - name: DB_PASSWORD
                valueFrom:
                  secretKeyRef: {name: db, key: password}
            ```
            """,
            ["kubernetes", "security", "secrets"],
            "7.5"),
    }.ToDictionary(h => h.Id, StringComparer.Ordinal);
}

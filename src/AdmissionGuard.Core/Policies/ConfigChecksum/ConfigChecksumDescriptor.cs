using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary><c>config-checksum</c> as the catalog, the loader, reports and <c>--help</c> know it (docs/config-checksum.md).</summary>
public static class ConfigChecksumDescriptor
{
    public static readonly PolicyDescriptor<ConfigChecksumParameters> Instance = new(
        ConfigChecksumPolicy.PolicyId,
        PolicyType.Validating,
        KnownKinds.Workloads,
        (p, _) => new ConfigChecksumPolicy(p),
        new ConfigChecksumParametersValidator(),
        new PolicyHelp(
            Name: "ConfigChecksum",
            Summary: "A workload that reads a ConfigMap carries a checksum/ pod-template annotation.",
            Description: "A Deployment, StatefulSet or DaemonSet whose pod template reads a ConfigMap (volume, projected volume, env valueFrom, envFrom) must carry a pod-template annotation starting with checksum/ whose value is a hex digest, so that a config change rolls the pods. Stakater Reloader and Wave annotations count as well.",
            Markdown: """
            Pods read a ConfigMap once, when they start. Without a checksum of the ConfigMap in the pod template, a release that changes only the ConfigMap leaves every pod on the old configuration until something else restarts it.

            **Fix**: add the checksum under `spec.template.metadata.annotations`:

            ```yaml
            spec:
              template:
                metadata:
                  annotations:
                    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
            ```

            Stakater Reloader (`reloader.stakater.com/auto: "true"`) and Wave (`wave.pusher.com/update-on-config-change: "true"`) on the workload satisfy the rule too.
            """,
            Tags: ["kubernetes", "helm", "reliability", "configuration"]));
}

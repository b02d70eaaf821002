using AdmissionGuard.Core.Policies.ConfigChecksum;

namespace AdmissionGuard.Core.Compile;

/// <summary>
/// The core of <c>config-checksum</c> in CEL: a workload whose pod template reads a ConfigMap
/// (and, with <c>includeSecrets</c>, a Secret) that is neither ignored nor named with kustomize's
/// content hash is denied only when nothing in the object may roll its pods: no pod-template
/// annotation under <c>annotationPrefix</c> or whose key says checksum, hash or digest (whatever its
/// value), no annotation whose value is all hex digits (a digest under a key that does not say so),
/// no always-roll annotation, and (with <c>acceptReloaders</c>) no Reloader or Wave
/// annotation at all on the workload or its template. Everything finer (a broken digest, which
/// ConfigMaps a Reloader list covers) stays with the webhook.
/// </summary>
internal sealed class ConfigChecksumNative : INativeRuleCompiler
{
    /// <summary>kustomize's hash suffix: <c>-</c> and 10 characters of its alphabet (see KustomizeHashSuffix).</summary>
    private const string HashedName = "^.+-[2456789bcdfghkmt]{10}$";

    private static readonly HashSet<GroupVersionKind> TemplateKinds =
        [KnownKinds.Deployment, KnownKinds.StatefulSet, KnownKinds.DaemonSet, KnownKinds.ReplicaSet, KnownKinds.Job];

    public NativeRule? Compile(PolicyBinding binding)
    {
        var p = ((ConfigChecksumPolicy)binding.Policy).Parameters;
        var kinds = binding.Settings.Kinds.Where(TemplateKinds.Contains).OrderBy(k => k.ToString(), StringComparer.Ordinal).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }

        var names = new List<string>
        {
            Nested("variables.containers", "env", "has(x.valueFrom) && has(x.valueFrom.configMapKeyRef)", "x.valueFrom.configMapKeyRef.?name.orValue('')"),
            Nested("variables.containers", "envFrom", "has(x.configMapRef)", "x.configMapRef.?name.orValue('')"),
            "variables.volumes.filter(v, has(v.configMap)).map(v, v.configMap.?name.orValue(''))",
            Nested("variables.volumes.filter(v, has(v.projected))", "projected.?sources", "has(x.configMap)", "x.configMap.?name.orValue('')"),
        };
        var ignored = Cel.List(p.IgnoreConfigMaps);
        var variables = new List<CelVariable>
        {
            new("template", "object.spec.template"),
            new("containers", "variables.template.spec.?containers.orValue([]) + variables.template.spec.?initContainers.orValue([])"),
            new("volumes", "variables.template.spec.?volumes.orValue([])"),
            new("configMaps", $"({string.Join(" + ", names)}).join('\\n').split('\\n').filter(n, n != '' && !(n in {ignored}) && !n.matches('{HashedName}'))"),
        };
        var unrolled = "variables.configMaps";
        var what = "'ConfigMap ' + variables.configMaps.join(', ')";
        if (p.IncludeSecrets)
        {
            var secretNames = new List<string>
            {
                Nested("variables.containers", "env", "has(x.valueFrom) && has(x.valueFrom.secretKeyRef)", "x.valueFrom.secretKeyRef.?name.orValue('')"),
                Nested("variables.containers", "envFrom", "has(x.secretRef)", "x.secretRef.?name.orValue('')"),
                "variables.volumes.filter(v, has(v.secret)).map(v, v.secret.?secretName.orValue(''))",
                Nested("variables.volumes.filter(v, has(v.projected))", "projected.?sources", "has(x.secret)", "x.secret.?name.orValue('')"),
            };
            variables.Add(new("secrets", $"({string.Join(" + ", secretNames)}).join('\\n').split('\\n').filter(n, n != '' && !n.matches('{HashedName}'))"));
            unrolled = "variables.configMaps + variables.secrets";
            what = "(variables.configMaps.size() > 0 ? 'ConfigMap ' + variables.configMaps.join(', ') : '') + (variables.configMaps.size() > 0 && variables.secrets.size() > 0 ? ' and ' : '') + (variables.secrets.size() > 0 ? 'Secret ' + variables.secrets.join(', ') : '')";
        }

        // A value made only of hex digits may be a digest under a key that does not say so: it may roll the pods.
        var rollKey = $"k.startsWith({Cel.Quote(p.AnnotationPrefix)}) || k.lowerAscii().contains('checksum') || k.lowerAscii().contains('hash') || k.lowerAscii().contains('digest')"
            + " || variables.template.metadata.annotations[k].matches('^[0-9a-fA-F]{8,}$')";
        if (p.AlwaysRollAnnotations.Count > 0)
        {
            rollKey += $" || k in {Cel.List(p.AlwaysRollAnnotations)}";
        }

        const string ReloaderKey = "k.contains('reloader.stakater.com') || k.contains('wave.pusher.com')";
        var rolled = $"variables.template.metadata.?annotations.orValue({{}}).exists(k, {rollKey}"
            + (p.AcceptReloaders ? $" || {ReloaderKey}) || {Cel.Annotations}.exists(k, {ReloaderKey})" : ")");
        variables.Add(new("mayRoll", rolled));

        var fix = p.AcceptReloaders
            ? "a spec.template.metadata.annotations checksum/config with the digest of the configuration (in a Helm chart: include the ConfigMap's template and pipe it to sha256sum), kustomize's configMapGenerator, or Reloader's reloader.stakater.com/auto: \"true\""
            : "a spec.template.metadata.annotations checksum/config with the digest of the configuration (in a Helm chart: include the ConfigMap's template and pipe it to sha256sum), or kustomize's configMapGenerator";
        return new NativeRule
        {
            PolicyId = binding.Id,
            Kinds = kinds,
            CreateOnly = binding.Settings.AllowExistingViolations,
            Variables = variables,
            Validations =
            [
                new(
                    $"({unrolled}).size() == 0 || variables.mayRoll",
                    $"'[{binding.Id}] ' + {Cel.ObjectRef} + ': the pod template reads ' + {what} + ' but nothing rolls the pods when '"
                        + $" + (({unrolled}).size() == 1 ? 'it changes' : 'they change') + ' (no {p.AnnotationPrefix} annotation with a hex digest). Fix: ' + {Cel.Quote(fix)}"),
            ],
            WebhookOnly =
            [
                "a checksum annotation whose value is not a hex digest (empty or mistemplated): any key under annotationPrefix or naming a checksum, hash or digest lets the native policy pass",
                "which references a Reloader or Wave annotation covers (reload lists, exclusions, search mode, init containers): any Reloader or Wave annotation lets the native policy pass",
                "an always-roll annotation with an empty value",
                "CronJob and Pod kinds (other pod-template paths)",
                "in the CLI only: an immutable ConfigMap of the same input",
            ],
        };
    }

    /// <summary>Names from a list nested in each item of <paramref name="items"/>, one string per item (newline-separated), so the lists join flat.</summary>
    private static string Nested(string items, string field, string filter, string name) =>
        $"{items}.map(i, i.{(field.Contains('.') ? field : "?" + field)}.orValue([]).filter(x, {filter}).map(x, {name}).join('\\n'))";
}

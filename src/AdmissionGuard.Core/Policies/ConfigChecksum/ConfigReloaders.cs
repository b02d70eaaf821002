namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>
/// Controllers that roll a workload's pods when a ConfigMap or Secret changes, read the way they
/// read their own annotations, so that their annotations satisfy <c>config-checksum</c> exactly
/// when they do the job (parameter <c>acceptReloaders</c>).
///
/// Stakater Reloader (github.com/stakater/Reloader, README "Usage", and
/// <c>internal/pkg/handler/upgrade.go</c>, <c>internal/pkg/options/flags.go</c>):
/// <list type="bullet">
/// <item><c>reloader.stakater.com/auto: "true"</c> reloads on every referenced ConfigMap and Secret;
///   <c>configmap.reloader.stakater.com/auto</c> and <c>secret.reloader.stakater.com/auto</c> on one type
///   only. Values are read with Go's <c>strconv.ParseBool</c>.</item>
/// <item><c>configmap.reloader.stakater.com/reload</c> and <c>secret.reloader.stakater.com/reload</c> name
///   the objects, comma-separated. Reloader matches each entry as an anchored regular expression;
///   here entries are compared as literal names (a chart names its own ConfigMaps), so a pattern
///   counts only where it is the name itself.</item>
/// <item><c>configmaps.exclude.reloader.stakater.com/reload</c> and <c>secrets.exclude...</c> take names
///   out of <c>auto</c>.</item>
/// <item>Reloader reads these from the workload's metadata; only when the workload carries none of
///   the reload, auto, typed auto and search annotations does it fall back to the pod template's.</item>
/// <item><c>reloader.stakater.com/search: "true"</c> reloads only for ConfigMaps and Secrets that
///   themselves carry <c>reloader.stakater.com/match: "true"</c>. The webhook sees the workload, not
///   those objects, so search mode does not satisfy the rule (the message says why).</item>
/// <item>Reloader acts on Deployments, StatefulSets, DaemonSets, CronJobs and Jobs (and Argo
///   Rollouts, DeploymentConfigs), not on bare ReplicaSets.</item>
/// </list>
/// Wave (github.com/wave-k8s/wave, README "Quick Start", <c>pkg/core/children.go</c>, <c>types.go</c>):
/// <list type="bullet">
/// <item><c>wave.pusher.com/update-on-config-change: "true"</c> (exactly) on the workload's metadata, for
///   Deployments, StatefulSets and DaemonSets only.</item>
/// <item>Wave watches volumes (plain and projected) and the env of regular containers, not of init
///   containers; <c>wave.pusher.com/extra-configmaps</c> and <c>extra-secrets</c> (comma-separated
///   <c>name</c> or <c>namespace/name</c>) add more.</item>
/// </list>
/// </summary>
internal readonly struct ConfigReloaders
{
    public const string ReloaderAuto = "reloader.stakater.com/auto";
    public const string ReloaderSearch = "reloader.stakater.com/search";
    public const string ReloaderConfigMapAuto = "configmap.reloader.stakater.com/auto";
    public const string ReloaderSecretAuto = "secret.reloader.stakater.com/auto";
    public const string ReloaderConfigMapReload = "configmap.reloader.stakater.com/reload";
    public const string ReloaderSecretReload = "secret.reloader.stakater.com/reload";
    public const string ReloaderConfigMapExclude = "configmaps.exclude.reloader.stakater.com/reload";
    public const string ReloaderSecretExclude = "secrets.exclude.reloader.stakater.com/reload";
    public const string WaveEnabled = "wave.pusher.com/update-on-config-change";
    public const string WaveExtraConfigMaps = "wave.pusher.com/extra-configmaps";
    public const string WaveExtraSecrets = "wave.pusher.com/extra-secrets";

    private readonly IDictionary<string, string>? workload;
    private readonly IDictionary<string, string>? template;
    private readonly bool reloaderApplies;
    private readonly bool waveEnabled;
    private readonly string objectNamespace;

    public ConfigReloaders(GroupVersionKind kind, IDictionary<string, string>? workloadAnnotations, IDictionary<string, string>? templateAnnotations, string objectNamespace)
    {
        workload = workloadAnnotations;
        template = templateAnnotations;
        this.objectNamespace = objectNamespace;
        reloaderApplies = kind.Kind != "ReplicaSet";
        waveEnabled = kind.Kind is "Deployment" or "StatefulSet" or "DaemonSet"
            && Get(workload, WaveEnabled) == "true";
    }

    /// <summary>True when Reloader's search mode is on: it does not count, and the message says so.</summary>
    public bool UsesReloaderSearch =>
        reloaderApplies && Get(SourceFor(ReloaderConfigMapReload, ReloaderConfigMapAuto), ReloaderSearch) == "true";

    /// <summary>True when Reloader or Wave rolls the pods on a change of this reference.</summary>
    public bool Covers(ConfigReference reference) => CoveredByReloader(reference) || CoveredByWave(reference);

    private bool CoveredByReloader(ConfigReference reference)
    {
        if (!reloaderApplies)
        {
            return false;
        }

        var isConfigMap = reference.Kind == ConfigSourceKind.ConfigMap;
        var reloadKey = isConfigMap ? ReloaderConfigMapReload : ReloaderSecretReload;
        var typedAutoKey = isConfigMap ? ReloaderConfigMapAuto : ReloaderSecretAuto;

        // Reloader skips excluded names before looking at anything else.
        if (ListContains(Get(workload, isConfigMap ? ReloaderConfigMapExclude : ReloaderSecretExclude), reference.Name, null))
        {
            return false;
        }

        var source = SourceFor(reloadKey, typedAutoKey);
        return ParseGoBool(Get(source, ReloaderAuto))
            || ParseGoBool(Get(source, typedAutoKey))
            || ListContains(Get(source, reloadKey), reference.Name, null);
    }

    /// <summary>The workload's annotations when it carries any of Reloader's keys for this type, else the pod template's.</summary>
    private IDictionary<string, string>? SourceFor(string reloadKey, string typedAutoKey) =>
        workload is not null
        && (workload.ContainsKey(reloadKey) || workload.ContainsKey(ReloaderAuto)
            || workload.ContainsKey(typedAutoKey) || workload.ContainsKey(ReloaderSearch))
            ? workload
            : template;

    private bool CoveredByWave(ConfigReference reference)
    {
        if (!waveEnabled)
        {
            return false;
        }

        if (reference.ReadOutsideInitContainers)
        {
            return true;
        }

        var extra = Get(workload, reference.Kind == ConfigSourceKind.ConfigMap ? WaveExtraConfigMaps : WaveExtraSecrets);
        return ListContains(extra, reference.Name, objectNamespace);
    }

    private static string? Get(IDictionary<string, string>? annotations, string key) =>
        annotations is not null && annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>
    /// True when a comma-separated list names the object (entries trimmed). With a namespace,
    /// <c>namespace/name</c> entries count when the namespace is the object's own (Wave's form).
    /// </summary>
    private static bool ListContains(string? list, string name, string? ns)
    {
        if (string.IsNullOrEmpty(list))
        {
            return false;
        }

        foreach (var range in list.AsSpan().Split(','))
        {
            var entry = list.AsSpan()[range].Trim();
            if (entry.SequenceEqual(name))
            {
                return true;
            }

            var slash = entry.IndexOf('/');
            if (ns is not null && slash > 0 && entry[..slash].SequenceEqual(ns) && entry[(slash + 1)..].SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Go's <c>strconv.ParseBool</c>, true side: what Reloader accepts as "true".</summary>
    private static bool ParseGoBool(string? value) => value is "1" or "t" or "T" or "true" or "TRUE" or "True";
}

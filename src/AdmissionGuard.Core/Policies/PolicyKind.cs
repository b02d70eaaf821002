namespace AdmissionGuard.Core.Policies;

/// <summary>
/// A kind a policy may target, and where it goes by default: into the default policy file
/// (<c>policies/&lt;id&gt;.yaml</c>) and into the chart's webhook rules. <c>make generate</c>
/// writes both from these; see docs/adding-a-policy.md.
/// </summary>
internal readonly record struct PolicyKind(GroupVersionKind Kind, KindDefault Default)
{
    /// <summary>Kinds in the default file that the chart always registers.</summary>
    public static IEnumerable<PolicyKind> Registered(params IEnumerable<GroupVersionKind> kinds) => Of(KindDefault.Registered, kinds);

    /// <summary>Kinds a policy file may list that the default file leaves out.</summary>
    public static IEnumerable<PolicyKind> OnRequest(params IEnumerable<GroupVersionKind> kinds) => Of(KindDefault.OnRequest, kinds);

    /// <summary>Kinds in the default file that the chart registers only with <c>webhook.podsAndReplicaSets.enabled</c>.</summary>
    public static IEnumerable<PolicyKind> PodsAndReplicaSets(params IEnumerable<GroupVersionKind> kinds) => Of(KindDefault.PodsAndReplicaSets, kinds);

    /// <summary>Kinds in the default file that the chart registers unless the policy's <c>helmValues</c> parameter is false.</summary>
    public static IEnumerable<PolicyKind> HelmValues(params IEnumerable<GroupVersionKind> kinds) => Of(KindDefault.HelmValues, kinds);

    /// <summary>Kinds in the default file that the chart does not register: the API server converts them to a registered version.</summary>
    public static IEnumerable<PolicyKind> Converted(params IEnumerable<GroupVersionKind> kinds) => Of(KindDefault.Converted, kinds);

    /// <summary>True when the default policy file lists the kind.</summary>
    public bool InDefaultFile => Default != KindDefault.OnRequest;

    private static IEnumerable<PolicyKind> Of(KindDefault use, IEnumerable<GroupVersionKind> kinds) => kinds.Select(k => new PolicyKind(k, use));
}

/// <summary>Where a kind of a policy goes by default (<see cref="PolicyKind"/>).</summary>
internal enum KindDefault
{
    /// <summary>In the default policy file; the chart registers it.</summary>
    Registered,

    /// <summary>Supported, but neither in the default policy file nor registered by the chart: a policy file may list it.</summary>
    OnRequest,

    /// <summary>In the default policy file; the chart registers it only with <c>webhook.podsAndReplicaSets.enabled</c>.</summary>
    PodsAndReplicaSets,

    /// <summary>In the default policy file; the chart registers it unless the policy's <c>helmValues</c> parameter is false.</summary>
    HelmValues,

    /// <summary>
    /// In the default policy file; the chart does not register it: with <c>matchPolicy: Equivalent</c>
    /// the API server converts a request for it to a registered version of the same resource.
    /// </summary>
    Converted,
}

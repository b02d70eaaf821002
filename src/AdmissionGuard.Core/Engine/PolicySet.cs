using System.Collections.Frozen;

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// An immutable set of policies, indexed by kind and webhook type so that a request finds its
/// policies with one dictionary look-up. Swapped whole on reload.
/// </summary>
internal sealed class PolicySet
{
    private readonly FrozenDictionary<GroupVersionKind, PolicyBinding[]> validating;
    private readonly FrozenDictionary<GroupVersionKind, PolicyBinding[]> mutating;

    public PolicySet(IEnumerable<PolicyBinding> bindings, PolicySetSettings? settings = null)
    {
        Settings = settings ?? PolicySetSettings.Default;
        Bindings = bindings.OrderBy(b => b.Id, StringComparer.Ordinal).ToArray();
        validating = Index(Bindings, PolicyType.Validating);
        mutating = Index(Bindings, PolicyType.Mutating);
    }

    public IReadOnlyList<PolicyBinding> Bindings { get; }

    /// <summary>The set's own settings (a GuardSettings document; defaults without one).</summary>
    public PolicySetSettings Settings { get; }

    /// <summary>The enabled policies of one type that target a kind; empty when none.</summary>
    public PolicyBinding[] For(GroupVersionKind kind, PolicyType type) =>
        (type == PolicyType.Validating ? validating : mutating).TryGetValue(kind, out var list) ? list : [];

    /// <summary>Every kind some enabled policy of the type targets (the server's warm-up reviews each).</summary>
    public IEnumerable<GroupVersionKind> TargetedKinds(PolicyType type) =>
        (type == PolicyType.Validating ? validating : mutating).Keys;

    private static FrozenDictionary<GroupVersionKind, PolicyBinding[]> Index(IEnumerable<PolicyBinding> bindings, PolicyType type) =>
        bindings
            .Where(b => b.Policy.Type == type && b.Settings.Action != PolicyAction.Off)
            .SelectMany(b => b.Settings.Kinds.Select(k => (Kind: k, Binding: b)))
            .GroupBy(x => x.Kind)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Binding).ToArray());
}

namespace AdmissionGuard.Core.Exceptions;

/// <summary>
/// A <c>PolicyException</c> (<c>admission-guard.io/v1alpha1</c>, docs/exceptions.md): named
/// policies do not apply to the matching objects of its own namespace until it expires.
/// </summary>
/// <param name="Namespace">Its own namespace: it matches objects of that namespace only.</param>
/// <param name="Policies">Policy ids; <see cref="EveryPolicy"/> excepts every policy (only where the policy set allows it).</param>
/// <param name="Kinds">Kinds it matches (<c>Job</c> or <c>batch/v1/Job</c>); empty: every kind the policies target.</param>
/// <param name="Names">Object name globs; empty: every name.</param>
/// <param name="Selector">A label selector; null: every object.</param>
/// <param name="Source">Where it was read: a file, or <c>cluster</c>.</param>
internal sealed record PolicyException(
    string Namespace,
    string Name,
    IReadOnlyList<string> Policies,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<Glob> Names,
    LabelSelector? Selector,
    string Reason,
    string? Ticket,
    DateTimeOffset ExpiresAt,
    string Source)
{
    public const string ApiVersion = "admission-guard.io/v1alpha1";
    public const string KindName = "PolicyException";
    public const string Group = "admission-guard.io";
    public const string Plural = "policyexceptions";

    /// <summary>The policy id that stands for every policy.</summary>
    public const string EveryPolicy = "*";

    public static readonly GroupVersionKind Kind = new(Group, "v1alpha1", KindName);

    /// <summary>Within this time of its expiry an exception is about to expire: its warnings say so, and a metric counts it.</summary>
    public static readonly TimeSpan ExpiringSoon = TimeSpan.FromDays(7);

    /// <summary><c>PolicyException shop/legacy-migrate</c>, as messages name it.</summary>
    public string Display => $"{KindName} {Namespace}/{Name}";

    /// <summary>The expiry as messages write it: <c>2026-12-31T00:00:00Z</c>.</summary>
    public string ExpiryText => ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Expired at and after its expiry: honoured nowhere.</summary>
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    public bool Excepts(string policyId)
    {
        foreach (var id in Policies)
        {
            if (id == policyId || id == EveryPolicy)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the object (of <paramref name="ns"/>) is one this exception matches.</summary>
    public bool Matches(GroupVersionKind kind, string ns, string name, IDictionary<string, string>? labels)
    {
        if (ns != Namespace)
        {
            return false;
        }

        if (Kinds.Count > 0 && !MatchesKind(kind))
        {
            return false;
        }

        if (Names.Count > 0 && !Names.Any(g => g.IsMatch(name)))
        {
            return false;
        }

        return Selector is null || Selector.Matches(labels);
    }

    private bool MatchesKind(GroupVersionKind kind)
    {
        foreach (var k in Kinds)
        {
            if (k == kind.Kind || k == kind.ToString())
            {
                return true;
            }
        }

        return false;
    }
}

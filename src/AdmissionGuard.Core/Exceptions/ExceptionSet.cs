using System.Collections.Frozen;

namespace AdmissionGuard.Core.Exceptions;

/// <summary>
/// An immutable set of PolicyExceptions, indexed by namespace, swapped whole when it changes.
/// Expiry is compared on every look-up: an exception stops applying at its <c>expiresAt</c>,
/// whether or not anything removed it from the set.
/// </summary>
internal sealed class ExceptionSet
{
    public static readonly ExceptionSet Empty = new([]);

    private readonly FrozenDictionary<string, PolicyException[]> byNamespace;

    public ExceptionSet(IEnumerable<PolicyException> exceptions)
    {
        All = exceptions.OrderBy(e => e.Namespace, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal).ToArray();
        byNamespace = All.GroupBy(e => e.Namespace, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every exception, expired ones included, by namespace and name.</summary>
    public IReadOnlyList<PolicyException> All { get; }

    public bool IsEmpty => All.Count == 0;

    /// <summary>The first exception in force at <paramref name="now"/> (by name) that excepts the object from the policy; null when none.</summary>
    public PolicyException? Find(string policyId, GroupVersionKind kind, string ns, string name, IDictionary<string, string>? labels, DateTimeOffset now)
    {
        if (ns.Length == 0 || !byNamespace.TryGetValue(ns, out var candidates))
        {
            return null;
        }

        foreach (var exception in candidates)
        {
            if (!exception.IsExpired(now) && exception.Excepts(policyId) && exception.Matches(kind, ns, name, labels))
            {
                return exception;
            }
        }

        return null;
    }

    /// <summary>The exceptions not expired at <paramref name="now"/>.</summary>
    public IEnumerable<PolicyException> InForce(DateTimeOffset now) => All.Where(e => !e.IsExpired(now));
}

/// <summary>Where the engine reads the exceptions in force: a fixed set (check, scan) or the webhook's watch.</summary>
internal interface IExceptionSource
{
    /// <summary>The current set; read once per review.</summary>
    ExceptionSet Current { get; }
}

/// <summary>A set that never changes.</summary>
internal sealed class FixedExceptions(ExceptionSet set) : IExceptionSource
{
    public static readonly FixedExceptions None = new(ExceptionSet.Empty);

    public ExceptionSet Current { get; } = set;
}

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// The ConfigMaps and Secrets of one CLI run's input, by namespace and name: which are immutable
/// and which chart template each was rendered from. A name without a namespace in either the
/// reference or the object matches any namespace (plain files often leave namespaces to the
/// applier), after an object of the same namespace; with both set they must agree.
/// </summary>
internal sealed class ManifestInput
{
    public static readonly ManifestInput Empty = new();

    private readonly Dictionary<(string Kind, string Name), List<Entry>> entries = [];

    /// <summary>Records a ConfigMap or Secret of the input.</summary>
    public void Add(string kind, string? ns, string name, bool immutable, string? template)
    {
        if (ReferenceEquals(this, Empty))
        {
            throw new InvalidOperationException("the empty input is shared and cannot be added to");
        }

        var key = (kind, name);
        if (!entries.TryGetValue(key, out var list))
        {
            entries[key] = list = new List<Entry>(1);
        }

        list.Add(new Entry(ns ?? string.Empty, immutable, template));
    }

    /// <summary>True when an object of that kind and name in the input sets <c>immutable: true</c>.</summary>
    public bool IsImmutable(string kind, string ns, string name) => Find(kind, ns, name) is { Immutable: true };

    /// <summary>The chart template of that object, when the input names one.</summary>
    public string? TemplateOf(string kind, string ns, string name) => Find(kind, ns, name)?.Template;

    private Entry? Find(string kind, string ns, string name)
    {
        if (!entries.TryGetValue((kind, name), out var list))
        {
            return null;
        }

        // The same namespace first: one input may hold several renders of the same names.
        foreach (var entry in list)
        {
            if (entry.Namespace == ns)
            {
                return entry;
            }
        }

        foreach (var entry in list)
        {
            if (entry.Namespace.Length == 0 || ns.Length == 0)
            {
                return entry;
            }
        }

        return null;
    }

    private sealed record Entry(string Namespace, bool Immutable, string? Template);
}

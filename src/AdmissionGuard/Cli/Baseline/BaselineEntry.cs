using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Cli.Baseline;

/// <summary>
/// One recorded finding of a baseline file: the object (kind, namespace, name), the policy and the
/// rule (the field the finding concerns). No line: edits elsewhere in a file do not break it.
/// </summary>
/// <param name="Namespace">Empty when the manifest sets none.</param>
/// <param name="Rule">The finding's field path in the object (<c>spec.template.metadata.annotations</c>); empty when it concerns the whole object.</param>
internal sealed record BaselineEntry(string Kind, string Namespace, string Name, string Policy, string Rule) : IComparable<BaselineEntry>
{
    /// <summary>The entry a report finding matches: a List item's own path, without its <c>items[i].</c> prefix.</summary>
    public static BaselineEntry Of(ReportFinding finding)
    {
        var o = finding.Object;
        return new BaselineEntry(o.Kind, o.Namespace ?? string.Empty, o.Name ?? string.Empty, finding.Policy, RuleOf(o, finding.Path));
    }

    /// <summary>The order of the file: kind, namespace, name, policy, rule, each compared ordinally.</summary>
    public int CompareTo(BaselineEntry? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = string.CompareOrdinal(Kind, other.Kind);
        c = c != 0 ? c : string.CompareOrdinal(Namespace, other.Namespace);
        c = c != 0 ? c : string.CompareOrdinal(Name, other.Name);
        c = c != 0 ? c : string.CompareOrdinal(Policy, other.Policy);
        return c != 0 ? c : string.CompareOrdinal(Rule, other.Rule);
    }

    /// <summary><c>Deployment shop/web config-checksum (spec.template.metadata.annotations)</c>, for reports.</summary>
    public override string ToString()
    {
        var obj = Namespace.Length == 0 ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
        return Rule.Length == 0 ? $"{obj} {Policy}" : $"{obj} {Policy} ({Rule})";
    }

    private static string RuleOf(CheckedObject obj, string path)
    {
        if (obj.ItemPath is not { } item || !path.StartsWith(item, StringComparison.Ordinal))
        {
            return path;
        }

        return path.Length == item.Length ? string.Empty : path[(item.Length + 1)..];
    }
}

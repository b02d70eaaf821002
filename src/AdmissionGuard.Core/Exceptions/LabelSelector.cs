namespace AdmissionGuard.Core.Exceptions;

/// <summary>A Kubernetes label selector: <c>matchLabels</c> and <c>matchExpressions</c>, all of which must hold.</summary>
internal sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<LabelRequirement> MatchExpressions)
{
    public bool Matches(IDictionary<string, string>? labels)
    {
        foreach (var (key, value) in MatchLabels)
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in MatchExpressions)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One <c>matchExpressions</c> item: <c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
internal sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public static readonly IReadOnlyList<string> Operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    public bool Matches(IDictionary<string, string>? labels)
    {
        var has = labels is not null && labels.TryGetValue(Key, out _);
        var value = has ? labels![Key] : null;
        return Operator switch
        {
            "In" => has && Values.Contains(value!),
            "NotIn" => !has || !Values.Contains(value!),
            "Exists" => has,
            _ => !has,
        };
    }
}

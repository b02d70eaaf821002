using System.Text.Json.Nodes;

namespace AdmissionGuard.Chart.Tests.Dispatch;

/// <summary>
/// metav1.LabelSelector semantics: matchLabels and matchExpressions all must hold; In needs the
/// key with a listed value, NotIn holds when the key is absent or its value is not listed, Exists
/// and DoesNotExist test the key. An absent or empty selector matches everything.
/// </summary>
internal static class LabelSelector
{
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }

        foreach (var (key, value) in selector["matchLabels"]?.AsObject() ?? [])
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value!.GetValue<string>())
            {
                return false;
            }
        }

        foreach (var expression in selector["matchExpressions"]?.AsArray() ?? [])
        {
            var key = expression!["key"]!.GetValue<string>();
            var values = expression["values"]?.AsArray().Select(v => v!.GetValue<string>()).ToHashSet() ?? [];
            var present = labels.TryGetValue(key, out var actual);
            var holds = expression["operator"]!.GetValue<string>() switch
            {
                "In" => present && values.Contains(actual!),
                "NotIn" => !present || !values.Contains(actual!),
                "Exists" => present,
                "DoesNotExist" => !present,
                var op => throw new InvalidOperationException($"unknown label selector operator {op}"),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An object's <c>metadata.labels</c>; empty when it has none (or there is no object).</summary>
    public static IReadOnlyDictionary<string, string> LabelsOf(JsonObject? obj) =>
        obj?["metadata"]?["labels"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>())
        ?? new Dictionary<string, string>();
}

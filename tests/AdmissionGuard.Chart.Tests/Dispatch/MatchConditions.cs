using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdmissionGuard.Chart.Tests.Dispatch;

/// <summary>The outcome of one matchCondition: CEL yields true, false, or an evaluation error.</summary>
internal enum ConditionResult
{
    True,
    False,
    Error,
}

/// <summary>
/// The CEL expressions the chart emits, recognised by their exact text and evaluated in C#.
/// This is no CEL interpreter: an expression it does not know fails the test loudly, so a
/// template change cannot slip past the dispatch replay untested.
/// </summary>
internal static partial class MatchConditions
{
    private static readonly Dictionary<string, Func<AdmissionAttempt, JsonObject, bool>> Known = new(StringComparer.Ordinal)
    {
        ["!has(object.metadata.deletionTimestamp)"] =
            (_, o) => !Has(o, "deletionTimestamp"),
        ["!has(object.metadata.ownerReferences) || !object.metadata.ownerReferences.exists(r, r.apiVersion == 'batch/v1' && r.kind == 'CronJob')"] =
            (_, o) => !Has(o, "ownerReferences") || !Owners(o).Any(r => Field(r, "apiVersion") == "batch/v1" && Field(r, "kind") == "CronJob"),
        ["!has(object.metadata.ownerReferences) || !object.metadata.ownerReferences.exists(r, r.apiVersion == 'apps/v1' || r.apiVersion == 'batch/v1')"] =
            (_, o) => !Has(o, "ownerReferences") || !Owners(o).Any(r => Field(r, "apiVersion") is "apps/v1" or "batch/v1"),
        ["has(object.metadata.annotations) && ('helm.sh/hook' in object.metadata.annotations || 'argocd.argoproj.io/hook' in object.metadata.annotations)"] =
            (_, o) => Has(o, "annotations") && (Annotations(o).ContainsKey("helm.sh/hook") || Annotations(o).ContainsKey("argocd.argoproj.io/hook")),
        ["has(object.metadata.annotations) && 'helm.sh/hook' in object.metadata.annotations"] =
            (_, o) => Has(o, "annotations") && Annotations(o).ContainsKey("helm.sh/hook"),
        ["!(request.userInfo.username == 'system:kube-controller-manager' || request.userInfo.username.startsWith('system:serviceaccount:kube-system:'))"] =
            (request, _) => !(request.Username == "system:kube-controller-manager" || request.Username.StartsWith("system:serviceaccount:kube-system:", StringComparison.Ordinal)),
    };

    /// <summary>Evaluates one expression for a request. <c>object</c> is null for DELETE, which makes any access to it an error.</summary>
    public static ConditionResult Evaluate(string expression, AdmissionAttempt attempt)
    {
        var evaluate = Recognise(expression);
        if (attempt.Object is null && expression.Contains("object.", StringComparison.Ordinal))
        {
            // CEL: field access on a null object is an evaluation error.
            return ConditionResult.Error;
        }

        return evaluate(attempt, attempt.Object!) ? ConditionResult.True : ConditionResult.False;
    }

    /// <summary>True when the text is one the chart is known to emit.</summary>
    public static bool IsKnown(string expression) => Known.ContainsKey(expression) || SecretTypeNotIn().IsMatch(expression);

    private static Func<AdmissionAttempt, JsonObject, bool> Recognise(string expression)
    {
        if (Known.TryGetValue(expression, out var known))
        {
            return known;
        }

        // !has(object.type) || !(object.type in ['a', 'b']): the list comes from values.
        var match = SecretTypeNotIn().Match(expression);
        if (match.Success)
        {
            var types = match.Groups["type"].Captures.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            return (_, o) => o["type"] is null || !types.Contains(o["type"]!.GetValue<string>());
        }

        throw new InvalidOperationException(
            $"matchCondition expression not modelled: {expression}\n" +
            "Add its meaning to MatchConditions (tests/AdmissionGuard.Chart.Tests/Dispatch) after checking it against the CEL semantics.");
    }

    private static bool Has(JsonObject o, string metadataField) => o["metadata"]?[metadataField] is not null;

    private static IEnumerable<JsonObject> Owners(JsonObject o) => o["metadata"]!["ownerReferences"]!.AsArray().OfType<JsonObject>();

    private static IReadOnlyDictionary<string, JsonNode?> Annotations(JsonObject o) =>
        o["metadata"]!["annotations"]!.AsObject().ToDictionary(p => p.Key, p => p.Value);

    private static string? Field(JsonObject o, string name) => o[name]?.GetValue<string>();

    [GeneratedRegex(@"^!has\(object\.type\) \|\| !\(object\.type in \['(?<type>[^'\\]+)'(?:, '(?<type>[^'\\]+)')*\]\)$")]
    private static partial Regex SecretTypeNotIn();
}

using System.Text.Json.Nodes;
using AdmissionGuard.Chart.Tests.Infrastructure;

namespace AdmissionGuard.Chart.Tests.Dispatch;

/// <summary>
/// The API server's decision, for one request, of which admission webhooks to call, replayed from
/// rendered Validating- and MutatingWebhookConfigurations (k8s.io/apiserver's webhook matchers):
/// a webhook is called when one of its rules matches (operation, API group, version, resource
/// without subresource unless named, scope), its namespaceSelector matches the namespace's
/// labels (cluster-scoped objects other than Namespaces are never skipped by it), its
/// objectSelector matches the new or the old object's labels, and its matchConditions do not
/// rule it out: any false skips the webhook; otherwise any error applies the failurePolicy.
/// </summary>
internal static class WebhookDispatcher
{
    public const string Validating = "ValidatingWebhookConfiguration";
    public const string Mutating = "MutatingWebhookConfiguration";

    public static IReadOnlyList<WebhookCall> Dispatch(IEnumerable<JsonObject> documents, AdmissionAttempt attempt)
    {
        var calls = new List<WebhookCall>();
        foreach (var configuration in documents)
        {
            var kind = configuration["kind"]?.GetValue<string>();
            if (kind is not (Validating or Mutating))
            {
                continue;
            }

            foreach (var webhook in configuration.Arr("webhooks").OfType<JsonObject>())
            {
                if (!RulesMatch(webhook, attempt) || !NamespaceMatches(webhook, attempt) || !ObjectMatches(webhook, attempt))
                {
                    continue;
                }

                var conditions = (webhook["matchConditions"]?.AsArray() ?? [])
                    .Select(c => MatchConditions.Evaluate(c!.Str("expression"), attempt))
                    .ToList();
                if (conditions.Contains(ConditionResult.False))
                {
                    continue;
                }

                calls.Add(new WebhookCall(
                    kind,
                    webhook.Str("name"),
                    webhook.Str("clientConfig.service.path"),
                    webhook["failurePolicy"]?.GetValue<string>() ?? "Fail",
                    conditions.Contains(ConditionResult.Error)));
            }
        }

        return calls;
    }

    /// <summary>The endpoints called, e.g. <c>["/validate"]</c>; a path appears once per webhook that calls it.</summary>
    public static IReadOnlyList<string> Paths(IEnumerable<JsonObject> documents, AdmissionAttempt attempt) =>
        [.. Dispatch(documents, attempt).Where(c => !c.ConditionError).Select(c => c.Path)];

    private static bool RulesMatch(JsonObject webhook, AdmissionAttempt attempt) =>
        (webhook["rules"]?.AsArray() ?? []).OfType<JsonObject>().Any(rule => RuleMatches(rule, attempt));

    private static bool RuleMatches(JsonObject rule, AdmissionAttempt attempt)
    {
        var resource = attempt.Resource;
        return MatchesOrStar(rule.Strings("operations"), attempt.Operation)
            && MatchesOrStar(rule.Strings("apiGroups"), resource.Group)
            && MatchesOrStar(rule.Strings("apiVersions"), resource.Version)
            && rule.Strings("resources").Any(r => ResourceMatches(r, resource.Resource, attempt.SubResource))
            && ScopeMatches(rule["scope"]?.GetValue<string>() ?? "*", attempt);
    }

    private static bool MatchesOrStar(IReadOnlyList<string> allowed, string actual) => allowed.Contains("*") || allowed.Contains(actual);

    // "pods" is the resource alone, "pods/log" one subresource, "pods/*" every subresource,
    // "*" every resource but no subresource, "*/*" everything.
    private static bool ResourceMatches(string pattern, string resource, string subResource)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        var (res, sub) = slash < 0 ? (pattern, string.Empty) : (pattern[..slash], pattern[(slash + 1)..]);
        return (res == "*" || res == resource) && (sub == "*" || sub == subResource);
    }

    private static bool ScopeMatches(string scope, AdmissionAttempt attempt) => scope switch
    {
        "*" => true,
        "Cluster" => attempt.Namespace.Length == 0,
        "Namespaced" => attempt.Namespace.Length > 0,
        _ => throw new InvalidOperationException($"unknown rule scope {scope}"),
    };

    private static bool NamespaceMatches(JsonObject webhook, AdmissionAttempt attempt)
    {
        if (!attempt.Resource.Namespaced)
        {
            // Cluster-scoped objects (other than Namespaces, not modelled here) never skip a webhook by namespace.
            return true;
        }

        return LabelSelector.Matches(webhook["namespaceSelector"], attempt.NamespaceLabels);
    }

    private static bool ObjectMatches(JsonObject webhook, AdmissionAttempt attempt)
    {
        var selector = webhook["objectSelector"];
        if (selector is null || (selector is JsonObject o && o.Count == 0))
        {
            return true;
        }

        return (attempt.Object is not null && LabelSelector.Matches(selector, LabelSelector.LabelsOf(attempt.Object)))
            || (attempt.OldObject is not null && LabelSelector.Matches(selector, LabelSelector.LabelsOf(attempt.OldObject)));
    }
}

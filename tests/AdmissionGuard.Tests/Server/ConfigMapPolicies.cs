using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// Two small policies on ConfigMaps with known messages, so that the protocol tests do not depend
/// on the wording of the product's policies: a validation (a data key named <c>forbidden</c> is a
/// violation, one named <c>note</c> is advice) and a mutation (adds the annotation
/// <c>example.com/reviewed: "yes"</c>).
/// </summary>
internal static class ConfigMapPolicies
{
    public static readonly GroupVersionKind ConfigMapKind = new(string.Empty, "v1", "ConfigMap");

    public const string ViolationMessage = "data key forbidden is not allowed";
    public const string AdviceSummary = "data key note is better kept in a label";

    public static PolicySet Set() => new(
    [
        new PolicyBinding(new ForbiddenKey(), new PolicySettings { Kinds = new HashSet<GroupVersionKind> { ConfigMapKind } }, "test"),
        new PolicyBinding(new ReviewedAnnotation(), new PolicySettings { Kinds = new HashSet<GroupVersionKind> { ConfigMapKind } }, "test"),
    ]);

    private sealed class ForbiddenKey : IPolicy
    {
        public string Id => "forbidden-key";

        public PolicyType Type => PolicyType.Validating;

        public PolicyOutcome Evaluate(PolicyContext context)
        {
            var findings = new List<Finding>();
            if (context.Object.TryGet(out var data, "data") && data.ValueKind == JsonValueKind.Object)
            {
                if (data.TryGetProperty("forbidden", out _))
                {
                    findings.Add(new Finding(Id, FindingSeverity.Violation, ViolationMessage, ViolationMessage, "data.forbidden", "remove the key"));
                }

                if (data.TryGetProperty("note", out _))
                {
                    findings.Add(new Finding(Id, FindingSeverity.Advice, AdviceSummary, AdviceSummary, "data.note", "labels: {note: ...}"));
                }
            }

            return PolicyOutcome.Of(findings);
        }
    }

    private sealed class ReviewedAnnotation : IPolicy
    {
        public string Id => "reviewed-annotation";

        public PolicyType Type => PolicyType.Mutating;

        public PolicyOutcome Evaluate(PolicyContext context)
        {
            if (context.Object.Annotation("example.com/reviewed") is not null)
            {
                return PolicyOutcome.Pass;
            }

            var operation = context.Object.TryGet(out var annotations, "metadata", "annotations") && annotations.ValueKind == JsonValueKind.Object
                ? JsonPatchOperation.Add(JsonPointer.Of("metadata", "annotations", "example.com/reviewed"), JsonValue.Create("yes"))
                : JsonPatchOperation.Add(JsonPointer.Of("metadata", "annotations"), new JsonObject { ["example.com/reviewed"] = "yes" });
            return new PolicyOutcome([], [operation]);
        }
    }
}

using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Tests.Engine;

/// <summary>
/// A validation that is violated when the object carries a label. The label's value, when a
/// number, is how many findings it reports (to flood the engine); <c>advice</c> makes the findings advice.
/// </summary>
internal sealed class LabelPolicy(string id, string label, int messagePadding = 0) : IPolicy
{
    public string Id { get; } = id;

    public PolicyType Type => PolicyType.Validating;

    public int Evaluations { get; private set; }

    /// <summary>A validation that (wrongly) returns patch operations too: the engine must drop them.</summary>
    public bool AlsoReturnsPatch { get; init; }

    public PolicyOutcome Evaluate(PolicyContext context)
    {
        Evaluations++;
        if (context.Object.Label(label) is not { } value)
        {
            return PolicyOutcome.Pass;
        }

        var severity = value == "advice" ? FindingSeverity.Advice : FindingSeverity.Violation;
        var count = int.TryParse(value, out var n) ? n : 1;
        var findings = new List<Finding>(count);
        for (var i = 0; i < count; i++)
        {
            findings.Add(new Finding(
                Id,
                severity,
                $"the object carries the label {label} (finding {i}){new string('x', messagePadding)}",
                $"{context.ObjectRef} carries {label} (finding {i}){new string('x', messagePadding)}",
                $"metadata.labels.{label}",
                $"remove the label {label}"));
        }

        return AlsoReturnsPatch
            ? new PolicyOutcome(findings, [JsonPatchOperation.Add("/metadata/labels/patched", JsonValue.Create("yes"))])
            : PolicyOutcome.Of(findings);
    }
}

/// <summary>A mutation that adds <c>example.com/touched: "yes"</c> when the annotation is missing.</summary>
internal sealed class AnnotatePolicy(string id = "annotate", bool describePatch = true) : IPolicy
{
    public const string Key = "example.com/touched";

    public string Id { get; } = id;

    public PolicyType Type => PolicyType.Mutating;

    public PolicyOutcome Evaluate(PolicyContext context)
    {
        if (context.Object.Annotation(Key) is not null)
        {
            return PolicyOutcome.Pass;
        }

        JsonPatchOperation op = context.Object.Metadata.Annotations is null
            ? JsonPatchOperation.Add("/metadata/annotations", new JsonObject { [Key] = "yes" })
            : JsonPatchOperation.Add(JsonPointer.Of("metadata", "annotations", Key), JsonValue.Create("yes"));
        IReadOnlyList<Finding> findings = describePatch
            ? [new Finding(Id, FindingSeverity.Violation, $"adds {Key}: yes", $"{context.ObjectRef}: adds {Key}: yes", "metadata.annotations", $"{Key}: \"yes\"")]
            : [];
        return new PolicyOutcome(findings, [op]);
    }
}

/// <summary>A validation that reads the pod template's containers as the policies do, so a malformed template surfaces while it runs.</summary>
internal sealed class PodTemplatePolicy : IPolicy
{
    public string Id => "pod-template";

    public PolicyType Type => PolicyType.Validating;

    public PolicyOutcome Evaluate(PolicyContext context)
    {
        if (context.Object.TryGetPodTemplateJson(out _, out var spec))
        {
            _ = spec.TryGetArray("containers"u8, out _);
        }

        return PolicyOutcome.Pass;
    }
}

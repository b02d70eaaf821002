using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// The engine's answer to one request, as data: one decision, each policy's result with its
/// verdicts, the patch. How it reads (denial message, warnings, audit annotations, their caps) is
/// built at the edge: <see cref="AdmissionAnswer"/> for the webhook, the CLI's report for files.
/// </summary>
internal sealed record AdmissionDecision
{
    public static readonly AdmissionDecision AllowedWithoutEvaluation = new() { Decision = Decision.Allow, Evaluated = false };

    public Decision Decision { get; init; }

    public bool Allowed => Decision == Decision.Allow;

    /// <summary>Each evaluated policy's result: mutating policies' for the mutating webhook, validating ones' for the validating one.</summary>
    public IReadOnlyList<PolicyResult> Results { get; init; } = [];

    /// <summary>The JSON Patch operations to apply: only when allowed, only from enforced mutations.</summary>
    public IReadOnlyList<JsonPatchOperation> Patch { get; init; } = [];

    /// <summary>Set when <see cref="Decision"/> is <see cref="Decision.Unreadable"/>.</summary>
    public UnreadableObject? Unreadable { get; init; }

    /// <summary>False when the request was allowed without looking at the object (DELETE, subresource, untargeted kind).</summary>
    public bool Evaluated { get; init; } = true;

    public Applier Applier { get; init; } = Applier.Other;

    /// <summary>The kind the request names (<c>apps/v1/Deployment</c>), for messages.</summary>
    public GroupVersionKind Kind { get; init; }

    /// <summary><c>Kind namespace/name</c> of the object, for messages; empty when its metadata could not be read.</summary>
    public string ObjectRef { get; init; } = string.Empty;

    /// <summary>Every verdict of every policy, in the order of <see cref="Results"/>.</summary>
    public IEnumerable<Verdict> Verdicts
    {
        get
        {
            foreach (var result in Results)
            {
                foreach (var verdict in result.Verdicts)
                {
                    yield return verdict;
                }
            }
        }
    }
}

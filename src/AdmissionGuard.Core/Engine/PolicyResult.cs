using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Engine;

/// <summary>One policy's result for one request, after the engine applied the policy's action.</summary>
/// <param name="Result">The policy's result as a whole: logs, metrics and audit annotations name it.</param>
/// <param name="Verdicts">Each finding with its outcome, notes included, in the policy's order.</param>
/// <param name="Patch">The operations of an enforced mutation; empty otherwise.</param>
public sealed record PolicyResult(
    string PolicyId,
    PolicyAction Action,
    PolicyResultKind Result,
    IReadOnlyList<Verdict> Verdicts,
    IReadOnlyList<JsonPatchOperation> Patch)
{
    /// <summary>Why the policy was not evaluated (<see cref="PolicyResultKind.Excluded"/>: which exclusion matched).</summary>
    public string? Reason { get; init; }

    /// <summary>The PolicyException that excepted the object (<see cref="PolicyResultKind.Excepted"/>).</summary>
    public Exceptions.PolicyException? Exception { get; init; }
}

using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Engine;

/// <summary>One policy's result for one request, after the engine applied the policy's action.</summary>
public sealed record PolicyResult(
    string PolicyId,
    PolicyAction Action,
    PolicyResultKind Result,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<JsonPatchOperation> Patch)
{
    public string? Note { get; init; }
}

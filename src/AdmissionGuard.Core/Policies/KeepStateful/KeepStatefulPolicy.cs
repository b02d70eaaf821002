using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.KeepStateful;

/// <summary>TODO: implemented in the policy change.</summary>
public sealed class KeepStatefulPolicy(KeepStatefulParameters parameters) : IPolicy
{
    public const string PolicyId = "keep-stateful";

    public string Id => PolicyId;

    public PolicyType Type => PolicyType.Mutating;

    public KeepStatefulParameters Parameters { get; } = parameters;

    public PolicyOutcome Evaluate(PolicyContext context) => PolicyOutcome.Pass;
}

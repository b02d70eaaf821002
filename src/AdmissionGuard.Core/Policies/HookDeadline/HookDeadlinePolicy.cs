using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.HookDeadline;

/// <summary>TODO: implemented in the policy change.</summary>
public sealed class HookDeadlinePolicy(HookDeadlineParameters parameters) : IPolicy
{
    public const string PolicyId = "hook-deadline";

    public string Id => PolicyId;

    public PolicyType Type => PolicyType.Validating;

    public HookDeadlineParameters Parameters { get; } = parameters;

    public PolicyOutcome Evaluate(PolicyContext context) => PolicyOutcome.Pass;
}

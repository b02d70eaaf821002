using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Engine;

/// <summary>What a policy returns for one object: findings and, for mutations, patch operations.</summary>
internal sealed record PolicyOutcome(IReadOnlyList<Finding> Findings, IReadOnlyList<JsonPatchOperation> Patch)
{
    public static readonly PolicyOutcome Pass = new([], []);

    /// <summary>A violation the policy is certain of (<see cref="Finding.IsCertainViolation"/>): what denies under enforce.</summary>
    public bool HasViolation
    {
        get
        {
            foreach (var f in Findings)
            {
                if (f.IsCertainViolation)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public static PolicyOutcome Of(IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? Pass : new PolicyOutcome(findings, []);
}

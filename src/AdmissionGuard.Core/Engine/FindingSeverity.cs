namespace AdmissionGuard.Core.Engine;

internal enum FindingSeverity
{
    /// <summary>The policy is violated; the policy's action decides what happens.</summary>
    Violation,

    /// <summary>Advice: at most a warning, never a denial, whatever the action.</summary>
    Advice,
}

namespace AdmissionGuard.Core.Engine;

/// <summary>One finding and what it means for the request. Built by the engine only.</summary>
/// <param name="IsNote">A remark on how the request was judged (an allowed existing violation, an
/// ignored exemption request) rather than something the policy found in the object.</param>
internal sealed record Verdict(VerdictOutcome Outcome, Finding Finding, bool IsNote = false)
{
    public string PolicyId => Finding.PolicyId;
}

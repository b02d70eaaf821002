using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Engine;

/// <summary>One policy's result for one request, after the engine applied the policy's action.</summary>
/// <param name="Result">The policy's result as a whole: logs, metrics and audit annotations name it.</param>
/// <param name="Verdicts">Each finding with its outcome, notes included, in the policy's order.</param>
/// <param name="Patch">The operations of an enforced mutation; empty otherwise.</param>
internal sealed record PolicyResult(
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

    /// <summary>Evaluated; nothing to report.</summary>
    public static PolicyResult Pass(string policyId, PolicyAction action) => new(policyId, action, PolicyResultKind.Pass, [], []);

    /// <summary>An admin exclusion matched (<paramref name="reason"/> says which); not evaluated.</summary>
    public static PolicyResult Excluded(string policyId, PolicyAction action, string reason) =>
        new(policyId, action, PolicyResultKind.Excluded, [], []) { Reason = reason };

    /// <summary>The object asked for exemption by annotation and the policy allows it: one verdict says so.</summary>
    public static PolicyResult Exempt(string policyId, PolicyAction action, Verdict verdict) =>
        new(policyId, action, PolicyResultKind.Exempt, [verdict], []);

    /// <summary>The policy could not read the object.</summary>
    public static PolicyResult Error(string policyId, PolicyAction action) => new(policyId, action, PolicyResultKind.Error, [], []);

    /// <summary>An enforced validation failed: its certain violations deny.</summary>
    public static PolicyResult Deny(string policyId, PolicyAction action, IReadOnlyList<Verdict> verdicts) =>
        new(policyId, action, PolicyResultKind.Deny, verdicts, []);

    /// <summary>Findings that neither deny nor patch: <see cref="PolicyResultKind.Audit"/> under audit, <see cref="PolicyResultKind.Warn"/> otherwise.</summary>
    public static PolicyResult Reported(string policyId, PolicyAction action, IReadOnlyList<Verdict> verdicts) =>
        new(policyId, action, action == PolicyAction.Audit ? PolicyResultKind.Audit : PolicyResultKind.Warn, verdicts, []);

    /// <summary>An enforced mutation: its verdicts describe the change the patch makes.</summary>
    public static PolicyResult Mutate(string policyId, PolicyAction action, IReadOnlyList<Verdict> verdicts, IReadOnlyList<JsonPatchOperation> patch) =>
        new(policyId, action, PolicyResultKind.Mutate, verdicts, patch);

    /// <summary>A PolicyException in force matched: the findings neither deny nor patch.</summary>
    public static PolicyResult Excepted(string policyId, PolicyAction action, IReadOnlyList<Verdict> verdicts, Exceptions.PolicyException exception, string reason) =>
        new(policyId, action, PolicyResultKind.Excepted, verdicts, []) { Reason = reason, Exception = exception };
}

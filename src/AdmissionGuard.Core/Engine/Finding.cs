namespace AdmissionGuard.Core.Engine;

/// <summary>
/// One thing a policy found. Never carries a secret value: name keys and fields, never values.
/// </summary>
/// <param name="PolicyId">The policy that found it.</param>
/// <param name="Severity">Violation or advice.</param>
/// <param name="Message">What is wrong, in full (for denials, logs and the CLI).</param>
/// <param name="Summary">The same in at most about 100 characters (one admission warning).</param>
/// <param name="Path">The field path, e.g. <c>spec.template.metadata.annotations</c>.</param>
/// <param name="Fix">How to fix it: a one-line snippet.</param>
internal sealed record Finding(
    string PolicyId,
    FindingSeverity Severity,
    string Message,
    string Summary,
    string Path,
    string Fix)
{
    /// <summary>
    /// What the policy is not certain of, in a few words (<c>the value may name a key of a Secret
    /// rather than hold a credential</c>); null when the finding is certain. A violation with a
    /// doubt never denies: under <c>enforce</c> the engine reports it as a warning
    /// (docs/engine.md, "Certain before it denies"). The policy's <see cref="Message"/> says the
    /// same, since the message is what users read.
    /// </summary>
    public string? Doubt { get; init; }

    /// <summary>A violation the policy is certain of: the only kind of finding that denies under <c>enforce</c>.</summary>
    public bool IsCertainViolation => Severity == FindingSeverity.Violation && Doubt is null;
}

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
public sealed record Finding(
    string PolicyId,
    FindingSeverity Severity,
    string Message,
    string Summary,
    string Path,
    string Fix);

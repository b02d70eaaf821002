namespace AdmissionGuard.Core.Engine;

/// <summary>
/// What one finding means for the request, after the policy's action was applied. Every front
/// end reads this and nothing else: the webhook's answer (denial lines, warnings), the CLI's
/// report lines and exit code.
/// </summary>
internal enum VerdictOutcome
{
    /// <summary>An enforced validation failed: the request is denied with this finding in the message.</summary>
    Deny,

    /// <summary>Allowed, with this finding as an admission warning (action warn, or advice).</summary>
    Warn,

    /// <summary>Recorded only: logs, metrics and audit annotations (action audit). Never shown to the user.</summary>
    Audit,

    /// <summary>A change an enforced mutation makes to the object (what the patch and <c>--fix</c> do).</summary>
    Mutate,

    /// <summary>The object asked for exemption by annotation and the policy allows it: reported as a warning.</summary>
    Exempted,

    /// <summary>
    /// A remark about how the request was judged (an allowed existing violation, an ignored
    /// exemption request), shown as a warning. Under <c>audit</c> the engine records it as
    /// <see cref="Audit"/> instead: audit says nothing to the user.
    /// </summary>
    Note,

    /// <summary>A finding a PolicyException in force excepts: allowed, reported as a warning naming the exception and its expiry.</summary>
    Excepted,
}

internal static class VerdictOutcomeNames
{
    /// <summary>True for the outcomes that reach the user as an admission warning.</summary>
    public static bool Warns(this VerdictOutcome outcome) =>
        outcome is VerdictOutcome.Warn or VerdictOutcome.Exempted or VerdictOutcome.Note or VerdictOutcome.Excepted;
}

namespace AdmissionGuard.Core.Engine;

/// <summary>The one decision for a request.</summary>
internal enum Decision
{
    /// <summary>Allowed: no verdict denies (warnings, audit records and a patch may come with it).</summary>
    Allow,

    /// <summary>Denied by at least one <see cref="VerdictOutcome.Deny"/> verdict.</summary>
    Deny,

    /// <summary>The object could not be read as its kind (see <see cref="UnreadableObject"/>): denied as a bad request.</summary>
    Unreadable,
}

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// Settings of the policy set as a whole (a <c>GuardSettings</c> document among the policy files,
/// docs/policies-files.md): what a PolicyException may ask for.
/// </summary>
internal sealed record PolicySetSettings
{
    public const int DefaultMaxExceptionDays = 90;

    public static readonly PolicySetSettings Default = new();

    /// <summary>An exception's <c>expiresAt</c> is at most this many days ahead of the time it is written.</summary>
    public int MaxExceptionDays { get; init; } = DefaultMaxExceptionDays;

    /// <summary>An exception may name <c>*</c> (or every loaded policy).</summary>
    public bool AllowExceptionOfAllPolicies { get; init; }
}

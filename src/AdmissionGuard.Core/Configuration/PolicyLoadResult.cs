namespace AdmissionGuard.Core.Configuration;

/// <summary>A loaded policy set, or the errors that prevented loading it. Never both.</summary>
internal sealed record PolicyLoadResult(PolicySet? Policies, IReadOnlyList<PolicyFileError> Errors)
{
    public bool Succeeded => Policies is not null && Errors.Count == 0;
}

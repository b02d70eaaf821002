namespace AdmissionGuard.Core.Engine;

/// <summary>Which webhook runs a policy: <c>/validate</c> or <c>/mutate</c>.</summary>
internal enum PolicyType
{
    Validating,
    Mutating,
}

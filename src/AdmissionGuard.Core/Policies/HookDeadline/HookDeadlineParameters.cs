namespace AdmissionGuard.Core.Policies.HookDeadline;

/// <summary>Parameters of <c>hook-deadline</c> (docs/hook-deadline.md).</summary>
public sealed record HookDeadlineParameters
{
    /// <summary>Treat Jobs with <c>argocd.argoproj.io/hook</c> as hooks too.</summary>
    public bool IncludeArgoCDHooks { get; init; } = true;

    /// <summary>Optional upper bound for <c>spec.activeDeadlineSeconds</c>.</summary>
    public long? MaxSeconds { get; init; }
}

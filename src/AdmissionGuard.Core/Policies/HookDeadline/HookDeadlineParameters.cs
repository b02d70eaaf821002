namespace AdmissionGuard.Core.Policies.HookDeadline;

/// <summary>Parameters of <c>hook-deadline</c> (docs/hook-deadline.md).</summary>
internal sealed record HookDeadlineParameters
{
    [Parameter("treat Jobs with `argocd.argoproj.io/hook` (other than `Skip`) as hooks")]
    public bool IncludeArgoCDHooks { get; init; } = true;

    [Parameter("upper bound for `spec.activeDeadlineSeconds`; at most the `--timeout` your releases use", Rule = "greater than 0", Minimum = 1)]
    public long? MaxSeconds { get; init; }
}

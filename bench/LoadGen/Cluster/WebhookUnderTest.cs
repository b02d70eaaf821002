using AdmissionGuard.LoadGen.Compare;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// One configuration of the cluster run: a webhook process and the configurations that register
/// it with the API server, or none at all (the API server alone, the baseline).
/// </summary>
/// <param name="Name">As the table shows it.</param>
/// <param name="Server">The webhook process (null for the baseline).</param>
/// <param name="Registration">The webhook configurations, YAML (empty for the baseline).</param>
internal sealed record WebhookUnderTest(string Name, RunningServer? Server, string Registration)
{
    public bool IsBaseline => Server is null;
    public bool IsGatekeeper { get; init; }

    /// <summary>
    /// Whether it denies a hook Job without a deadline, which is how the run sees the API server
    /// start and stop calling it; one that allows everything (the floor) is given a fixed time.
    /// </summary>
    public bool Denies { get; init; } = true;
}

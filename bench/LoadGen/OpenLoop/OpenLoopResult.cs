namespace AdmissionGuard.LoadGen.OpenLoop;

/// <summary>
/// What fixed-rate runs measured, every latency kept (nanoseconds from each request's scheduled
/// send time). Results of several rounds at the same rate merge into one.
/// </summary>
internal sealed class OpenLoopResult(int targetRate, long[] latencies, long[] dispatchLags, int errors, long elapsedNs)
{
    private readonly long[] latencies = latencies;
    private readonly long[] dispatchLags = dispatchLags;
    private readonly long elapsedNs = elapsedNs;
    private LatencySummary? latency;
    private LatencySummary? lag;

    public int TargetRate { get; } = targetRate;

    /// <summary>Every latency, nanoseconds from its scheduled send time.</summary>
    public long[] Latencies => latencies;

    public long ElapsedNs => elapsedNs;
    public int Sent => latencies.Length;
    public int Errors { get; } = errors;

    /// <summary>Answered requests per second over the time from the first send to the last answer.</summary>
    public double AchievedRate => (Sent - Errors) * 1_000_000_000.0 / Math.Max(elapsedNs, 1);

    public LatencySummary Latency => latency ??= LatencySummary.FromNanoseconds(latencies);

    /// <summary>How late the generator itself sent requests: large values mean a busy machine.</summary>
    public LatencySummary DispatchLag => lag ??= LatencySummary.FromNanoseconds(dispatchLags);

    public static OpenLoopResult Merge(IReadOnlyList<OpenLoopResult> rounds) => new(
        rounds[0].TargetRate,
        rounds.SelectMany(r => r.latencies).ToArray(),
        rounds.SelectMany(r => r.dispatchLags).ToArray(),
        rounds.Sum(r => r.Errors),
        rounds.Sum(r => r.elapsedNs));

    public override string ToString() =>
        $"rate {TargetRate}/s: sent {Sent}, errors {Errors}, achieved {AchievedRate:F0}/s, " +
        $"p50 {Latency.P50Ms:F3} ms, p90 {Latency.P90Ms:F3} ms, p99 {Latency.P99Ms:F3} ms, p99.9 {Latency.P999Ms:F3} ms, max {Latency.MaxMs:F3} ms " +
        $"(generator lateness p99 {DispatchLag.P99Ms:F3} ms, max {DispatchLag.MaxMs:F3} ms)";
}

using AdmissionGuard.LoadGen.OpenLoop;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>Everything measured on one server during a comparison run, round by round.</summary>
internal sealed class ServerFigures(string name)
{
    public string Name { get; } = name;
    public List<TimeSpan> StartsToReady { get; } = [];

    /// <summary>Per start: the first review after ready (new connection) and the one after it.</summary>
    public List<FirstReviewResult> FirstReviews { get; } = [];

    public double MedianFirstReviewMs => Median(FirstReviews.Select(r => r.FirstMs));
    public double MedianSecondReviewMs => Median(FirstReviews.Select(r => r.SecondMs));
    public List<WrkResult> Saturation { get; } = [];

    /// <summary>
    /// The server's CPU time (user + system) per review in each saturation round: what a review
    /// costs, whatever else the machine was doing, and what the throughput ratio follows from.
    /// </summary>
    public List<double> CpuPerReviewUs { get; } = [];

    public double MedianCpuPerReviewUs => Median(CpuPerReviewUs);
    public Dictionary<int, List<OpenLoopResult>> AtRate { get; } = [];
    public long PeakRssBytes { get; set; }

    /// <summary>For a peer: its answers beside ours on the agreement set.</summary>
    public IReadOnlyList<AgreementCase> Agreement { get; set; } = [];
    public long IdleRssBytes { get; set; }

    public double MedianStartToReadyMs => Median(StartsToReady.Select(t => t.TotalMilliseconds));

    public double SaturatedRps => Median(Saturation.Select(r => r.RequestsPerSecond));
    public double SaturatedP50Ms => Median(Saturation.Select(r => r.P50Ms));
    public double SaturatedP99Ms => Median(Saturation.Select(r => r.P99Ms));
    public long SaturationErrors => Saturation.Sum(r => r.Errors);

    /// <summary>All rounds at a rate, latencies pooled.</summary>
    public OpenLoopResult Rate(int rate) => OpenLoopResult.Merge(AtRate[rate]);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

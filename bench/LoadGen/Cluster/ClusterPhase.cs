namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>One load phase: dry-run or real creates, at a fixed rate on one connection, or at saturation on several.</summary>
internal sealed record ClusterPhase(bool DryRun, int? Rate)
{
    public string Name => (Rate is { } rate ? $"{rate}/s" : "saturation") + (DryRun ? ", dry run" : ", real creates");

    public static IReadOnlyList<ClusterPhase> From(ClusterOptions options)
    {
        var phases = options.Rates.Select(r => new ClusterPhase(true, r)).ToList();
        if (options.Saturation)
        {
            phases.Add(new ClusterPhase(true, null));
        }

        if (options.RealCreates && options.Rates.Count > 0)
        {
            phases.Add(new ClusterPhase(false, options.Rates[0]));
        }

        return phases;
    }
}

/// <summary>What one phase measured in one round for one configuration.</summary>
internal sealed record PhaseRound(int Sent, int Errors, double Throughput, double P50Ms, double P99Ms, double WebhookCpuPerReviewMs, double ApiServerCpuPerCreateMs, double ContextSwitchesPerReview);

/// <summary>Every round of every phase for one configuration, and its memory.</summary>
internal sealed class ClusterFigures(string name)
{
    public string Name { get; } = name;
    public Dictionary<ClusterPhase, List<PhaseRound>> Phases { get; } = [];
    public long ReadyRssBytes { get; set; }

    /// <summary>CPU per review over the first reviews after start (the warm-up).</summary>
    public double WarmupCpuPerReviewMs { get; set; } = double.NaN;
    public List<long> LoadedRssBytes { get; } = [];
    public long PeakRssBytes { get; set; }

    public void Add(ClusterPhase phase, PhaseRound round)
    {
        if (!Phases.TryGetValue(phase, out var rounds))
        {
            Phases[phase] = rounds = [];
        }

        rounds.Add(round);
    }

    public double Median(ClusterPhase phase, Func<PhaseRound, double> measure) =>
        Phases.TryGetValue(phase, out var rounds) ? MedianOf(rounds.Select(measure)) : double.NaN;

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

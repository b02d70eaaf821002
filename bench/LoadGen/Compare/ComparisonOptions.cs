namespace AdmissionGuard.LoadGen.Compare;

/// <summary>Everything one comparison run needs; defaults are what <c>make bench</c> uses.</summary>
internal sealed record ComparisonOptions
{
    public required ServerSpec Ours { get; init; }
    public required ServerSpec Floor { get; init; }

    /// <summary>Another admission controller put under the same saturation load (Pepr in make bench); optional.</summary>
    public ServerSpec? Peer { get; init; }

    /// <summary>Ours published Native AOT, through the same start-ups, warm-up and saturation rounds as the peer; optional.</summary>
    public ServerSpec? Aot { get; init; }

    /// <summary>The publish directories of ours (ReadyToRun) and of the AOT build, for the size rows; optional.</summary>
    public string? OursPublishDirectory { get; init; }

    public string? AotPublishDirectory { get; init; }

    /// <summary>The AdmissionReview file both servers receive.</summary>
    public required string ReviewFile { get; init; }

    public required string Uid { get; init; }
    public required string WorkDirectory { get; init; }
    public string WrkPath { get; init; } = "wrk";
    public required string WrkScript { get; init; }
    public int Connections { get; init; } = 16;
    public int WrkThreads { get; init; } = 2;
    /// <summary>
    /// Each load phase runs this many rounds, alternating the servers, so that a burst of other
    /// work on a shared machine does not land on one server only. Throughput is the median round;
    /// latencies of all rounds are pooled.
    /// </summary>
    public int Rounds { get; init; } = 3;

    public TimeSpan SaturationDuration { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan RateDuration { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>wrk on each server before measuring: long enough for tiered compilation to finish recompiling the hot path.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(8);
    public IReadOnlyList<int> Rates { get; init; } = [1000, 2000];

    /// <summary>Each server is started this many times for the start-up figure (median).</summary>
    public int Starts { get; init; } = 5;

    /// <summary>BenchmarkDotNet's results folder, for the engine rows of the table; optional.</summary>
    public string? EngineResults { get; init; }

    public string? ReportFile { get; init; }
}

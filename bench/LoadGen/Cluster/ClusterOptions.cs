namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>What <c>loadgen cluster</c> runs: where the binaries and the chart are, and how long each phase lasts.</summary>
internal sealed record ClusterOptions
{
    /// <summary>The webhook's command line, placeholders as <c>compare</c>'s (<c>{address}</c>, <c>{port}</c>, <c>{health}</c>, <c>{cert}</c>, <c>{key}</c>).</summary>
    public required string OursCommand { get; init; }

    /// <summary>AdmissionGuard processes to compare: a name and extra environment each (the first is "as shipped").</summary>
    public required IReadOnlyList<(string Name, string Environment)> OursVariants { get; init; }

    /// <summary>The floor server's command line (same placeholders); null leaves it out. It allows every review.</summary>
    public string? FloorCommand { get; init; }

    /// <summary>Holds the xz control-plane binaries and SHA256SUMS (../shared/kube).</summary>
    public required string KubeDirectory { get; init; }

    /// <summary>Gatekeeper's folder (../shared/peers/gatekeeper); null leaves Gatekeeper out.</summary>
    public string? GatekeeperDirectory { get; init; }

    public required string Chart { get; init; }
    public required string Helm { get; init; }
    public required string WorkDirectory { get; init; }

    /// <summary>Where the binaries are uncompressed once (kept between runs).</summary>
    public required string CacheDirectory { get; init; }

    public int Rounds { get; init; } = 3;
    public TimeSpan PhaseDuration { get; init; } = TimeSpan.FromSeconds(10);
    public IReadOnlyList<int> Rates { get; init; } = [100, 400];

    /// <summary>Connections (and concurrent creates) of the saturation phase.</summary>
    public int SaturationConnections { get; init; } = 8;

    /// <summary>Adds the saturation phase (several connections, closed loop).</summary>
    public bool Saturation { get; init; } = true;

    /// <summary>Creates at the highest rate through each webhook once before the rounds (its CPU per review is reported apart).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Adds a phase of real (stored) creates at the first rate.</summary>
    public bool RealCreates { get; init; } = true;

    /// <summary>Extra environment of the API server, e.g. DISABLE_HTTP2=1 (its webhook calls then use HTTP/1.1).</summary>
    public IReadOnlyDictionary<string, string> ApiServerEnvironment { get; init; } = new Dictionary<string, string>();

    public string? ReportFile { get; init; }
}

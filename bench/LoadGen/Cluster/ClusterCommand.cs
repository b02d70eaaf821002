using AdmissionGuard.LoadGen.Compare;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary><c>loadgen cluster</c>: the options from the command line, the run, the table.</summary>
internal static class ClusterCommand
{
    public static async Task<int> RunAsync(CommandLine line)
    {
        var gatekeeper = line.Optional("gatekeeper");
        var options = new ClusterOptions
        {
            OursCommand = line.Required("ours-cmd"),
            OursVariants = Variants(line.Optional("ours-variants")),
            FloorCommand = line.Optional("floor-cmd"),
            KubeDirectory = line.Required("kube"),
            GatekeeperDirectory = gatekeeper is null or "none" or "" ? null : gatekeeper,
            Chart = line.Required("chart"),
            Helm = line.Required("helm"),
            WorkDirectory = Path.GetFullPath(line.Required("work")),
            CacheDirectory = Path.GetFullPath(line.Required("cache")),
            Rounds = line.Int("rounds", 3),
            PhaseDuration = line.Seconds("duration", 10),
            Rates = line.Ints("rates", [100, 400]),
            SaturationConnections = line.Int("connections", 8),
            RealCreates = (line.Optional("real-creates") ?? "true") == "true",
            Saturation = (line.Optional("saturation") ?? "true") == "true",
            Warmup = line.Seconds("warmup", 10),
            ApiServerEnvironment = Environment(line.Optional("apiserver-env") ?? string.Empty),
            ReportFile = line.Optional("report"),
        };

        var loadBefore = MachineInfo.LoadAverage();
        var run = new ClusterRun(options, Console.Out);
        var figures = await run.RunAsync().ConfigureAwait(false);
        var table = ClusterTable.Build(figures, options, loadBefore, MachineInfo.LoadAverage(), run.ChartRewritten);
        Console.WriteLine();
        Console.WriteLine(table);
        if (options.ReportFile is { } report)
        {
            File.WriteAllText(report, table);
        }

        return 0;
    }

    /// <summary><c>name:ENV=V ENV=V;name2:...</c>; none given: one, "AdmissionGuard", as it ships.</summary>
    private static List<(string Name, string Environment)> Variants(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [("AdmissionGuard", string.Empty)];
        }

        return text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => v.Split(':', 2))
            .Select(p => (p[0], p.Length > 1 ? p[1].Trim() : string.Empty))
            .ToList();
    }

    private static Dictionary<string, string> Environment(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
}

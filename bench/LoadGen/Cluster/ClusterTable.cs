using System.Globalization;
using System.Text;
using AdmissionGuard.LoadGen.Compare;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// The cluster table: per phase and configuration the medians over rounds of p50, p99,
/// throughput, webhook CPU per review and API server CPU per create, the latency each webhook adds
/// over the API server alone; then memory, the ratios against Gatekeeper, and the targets.
/// </summary>
internal static class ClusterTable
{
    private const double Megabyte = 1024 * 1024;

    public static string Build(IReadOnlyList<ClusterFigures> figures, ClusterOptions options, string loadBefore, string loadAfter, bool chartRewritten)
    {
        var phases = ClusterPhase.From(options);
        var baseline = figures[0];
        var gatekeeper = figures.FirstOrDefault(f => f.Name == "Gatekeeper");
        var ours = figures.Skip(1).Where(f => f != gatekeeper && !f.Name.StartsWith("floor", StringComparison.Ordinal)).ToList();
        var sb = new StringBuilder();
        sb.AppendLine(Inv($"### Through the API server: hook Job creates with no webhook, AdmissionGuard and Gatekeeper"));
        sb.AppendLine();
        sb.AppendLine(Inv($"kube-apiserver 1.34.2 and etcd on loopback; {options.Rounds} rounds alternating the configurations (one registered at a time), {options.PhaseDuration.TotalSeconds:F0} s per phase; fixed rates open loop on one HTTP/2 connection, saturation closed loop on {options.SaturationConnections} HTTP/1.1 connections; medians over rounds. {MachineInfo.Describe()}; load average {loadBefore} before, {loadAfter} after."));
        if (chartRewritten)
        {
            sb.AppendLine("The chart has no `webhook.url` value here: its rendered `clientConfig.service` blocks were rewritten to URLs of the same paths.");
        }

        sb.AppendLine();
        sb.AppendLine("| phase | configuration | p50 (ms) | p99 (ms) | added p50 (ms) | added p99 (ms) | throughput (/s) | webhook CPU per review (ms) | webhook context switches per review | API server CPU per create (ms) | errors |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var phase in phases)
        {
            foreach (var f in figures)
            {
                var p50 = f.Median(phase, r => r.P50Ms);
                var p99 = f.Median(phase, r => r.P99Ms);
                var added = f == baseline ? "" : F(p50 - baseline.Median(phase, r => r.P50Ms), "F2");
                var addedP99 = f == baseline ? "" : F(p99 - baseline.Median(phase, r => r.P99Ms), "F2");
                var errors = f.Phases.TryGetValue(phase, out var rounds) ? rounds.Sum(r => r.Errors) : 0;
                sb.AppendLine(Inv($"| {phase.Name} | {f.Name} | {F(p50, "F2")} | {F(p99, "F2")} | {added} | {addedP99} | {F(f.Median(phase, r => r.Throughput), "F0")} | {F(f.Median(phase, r => r.WebhookCpuPerReviewMs), "F3")} | {F(f.Median(phase, r => r.ContextSwitchesPerReview), "F1")} | {F(f.Median(phase, r => r.ApiServerCpuPerCreateMs), "F3")} | {errors} |"));
            }
        }

        sb.AppendLine();
        sb.AppendLine("| memory (MiB), start | " + string.Join(" | ", figures.Skip(1).Select(f => f.Name)) + " |");
        sb.AppendLine("|---|" + string.Concat(figures.Skip(1).Select(_ => "---:|")));
        sb.AppendLine("| RSS when ready | " + string.Join(" | ", figures.Skip(1).Select(f => F(f.ReadyRssBytes / Megabyte, "F1"))) + " |");
        sb.AppendLine(Inv($"| RSS under load ({options.Rates.DefaultIfEmpty(0).Max()}/s, median) | ") + string.Join(" | ", figures.Skip(1).Select(f => F(ClusterFigures.MedianOf(f.LoadedRssBytes.Select(b => b / Megabyte)), "F1"))) + " |");
        sb.AppendLine("| peak RSS (VmHWM) | " + string.Join(" | ", figures.Skip(1).Select(f => F(f.PeakRssBytes / Megabyte, "F1"))) + " |");
        sb.AppendLine(Inv($"| CPU per review (ms) over the first {options.Warmup.TotalSeconds:F0} s after start ({options.Rates.DefaultIfEmpty(100).Max()}/s) | ") + string.Join(" | ", figures.Skip(1).Select(f => F(f.WarmupCpuPerReviewMs, "F3"))) + " |");

        if (gatekeeper is not null)
        {
            foreach (var f in ours)
            {
                Targets(sb, f, gatekeeper, baseline, phases, options);
            }
        }

        return sb.ToString();
    }

    private static void Targets(StringBuilder sb, ClusterFigures ours, ClusterFigures gatekeeper, ClusterFigures baseline, IReadOnlyList<ClusterPhase> phases, ClusterOptions options)
    {
        sb.AppendLine();
        sb.AppendLine(Inv($"{ours.Name} against Gatekeeper (ratio ours/Gatekeeper) and the targets:"));
        sb.AppendLine();
        sb.AppendLine("| phase | CPU per review: ours / GK (ms) | ratio | <= 0.25 ms | added p50: ours / GK (ms) | ratio | added p99: ours / GK (ms) | ratio | added <= half of GK's |");
        sb.AppendLine("|---|---:|---:|---|---:|---:|---:|---:|---|");
        foreach (var phase in phases)
        {
            var cpu = ours.Median(phase, r => r.WebhookCpuPerReviewMs);
            var gkCpu = gatekeeper.Median(phase, r => r.WebhookCpuPerReviewMs);
            var basePartP50 = baseline.Median(phase, r => r.P50Ms);
            var basePartP99 = baseline.Median(phase, r => r.P99Ms);
            var p50 = ours.Median(phase, r => r.P50Ms) - basePartP50;
            var gkP50 = gatekeeper.Median(phase, r => r.P50Ms) - basePartP50;
            var p99 = ours.Median(phase, r => r.P99Ms) - basePartP99;
            var gkP99 = gatekeeper.Median(phase, r => r.P99Ms) - basePartP99;
            var rated = phase.Rate is not null && phase.DryRun;
            sb.AppendLine(Inv($"| {phase.Name} | {F(cpu, "F3")} / {F(gkCpu, "F3")} | {F(cpu / gkCpu, "F2")} | {(rated ? Met(cpu <= 0.25) : "")} | {F(p50, "F2")} / {F(gkP50, "F2")} | {F(p50 / gkP50, "F2")} | {F(p99, "F2")} / {F(gkP99, "F2")} | {F(p99 / gkP99, "F2")} | {(rated ? Met(p50 <= gkP50 / 2 && p99 <= gkP99 / 2) : "")} |"));
        }

        var loaded = ClusterFigures.MedianOf(ours.LoadedRssBytes.Select(b => (double)b));
        var gkLoaded = ClusterFigures.MedianOf(gatekeeper.LoadedRssBytes.Select(b => (double)b));
        sb.AppendLine();
        sb.AppendLine(Inv($"RSS ours / Gatekeeper: ready {F(ours.ReadyRssBytes / Megabyte, "F1")} / {F(gatekeeper.ReadyRssBytes / Megabyte, "F1")} MiB ({F((double)ours.ReadyRssBytes / gatekeeper.ReadyRssBytes, "F2")}), under load {F(loaded / Megabyte, "F1")} / {F(gkLoaded / Megabyte, "F1")} MiB ({F(loaded / gkLoaded, "F2")}); target ours <= Gatekeeper's: {Met(ours.ReadyRssBytes <= gatekeeper.ReadyRssBytes && loaded <= gkLoaded)}."));
    }

    private static string Met(bool met) => met ? "met" : "**missed**";

    private static string F(double value, string format) => double.IsNaN(value) || double.IsInfinity(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

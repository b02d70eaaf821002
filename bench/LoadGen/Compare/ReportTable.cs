using System.Globalization;
using System.Text;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>The comparison as a markdown table: ours beside the floor, the ratio, the target and whether it is met.</summary>
internal static class ReportTable
{
    private const double Megabyte = 1024 * 1024;

    public static string Build(ServerFigures ours, ServerFigures floor, IReadOnlyList<EngineFigure> engine, ComparisonOptions options, string loadBefore, string loadAfter)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv($"Machine: {MachineInfo.Describe()}; load average {loadBefore} before, {loadAfter} after."));
        sb.AppendLine(Inv($"Load: HTTP/1.1 keep-alive over TLS, {options.Connections} connections, the {new FileInfo(options.ReviewFile).Length} B Deployment review; {options.Rounds} rounds per phase alternating the servers: saturation {options.SaturationDuration.TotalSeconds:F0} s a round (wrk, median round), each fixed rate {options.RateDuration.TotalSeconds:F0} s a round (open loop, latency from the scheduled send time, rounds pooled)."));
        if (Busy(ours, floor, options, loadBefore) is { } why)
        {
            sb.AppendLine();
            sb.AppendLine($"**Busy machine ({why}): the latency tails below measure the other work as much as the servers. Take final figures on a quiet machine.**");
        }

        sb.AppendLine();
        sb.AppendLine("| measure | AdmissionGuard | floor | ours/floor | target | met |");
        sb.AppendLine("|---|---:|---:|---:|---|---|");

        var oursRps = ours.SaturatedRps;
        var floorRps = floor.SaturatedRps;
        Row(sb, "saturated throughput (reviews/s, wrk)", oursRps, floorRps, "F0", ">= 0.85 x floor", oursRps >= 0.85 * floorRps);
        Row(sb, "server CPU per review at saturation (µs)", ours.MedianCpuPerReviewUs, floor.MedianCpuPerReviewUs, "F1");
        Row(sb, "saturated p50 (ms, wrk, closed loop)", ours.SaturatedP50Ms, floor.SaturatedP50Ms, "F3");
        Row(sb, "saturated p99 (ms, wrk, closed loop)", ours.SaturatedP99Ms, floor.SaturatedP99Ms, "F3");
        foreach (var rate in options.Rates)
        {
            var o = ours.Rate(rate);
            var f = floor.Rate(rate);
            var label = rate.ToString("N0", CultureInfo.InvariantCulture) + "/s";
            Row(sb, $"{label} achieved (reviews/s)", o.AchievedRate, f.AchievedRate, "F0");
            Row(sb, $"{label} p50 (ms)", o.Latency.P50Ms, f.Latency.P50Ms, "F3");
            if (rate == 2000)
            {
                Row(sb, $"{label} p99 (ms)", o.Latency.P99Ms, f.Latency.P99Ms, "F3", "<= 1.5 x floor", o.Latency.P99Ms <= 1.5 * f.Latency.P99Ms);
            }
            else
            {
                Row(sb, $"{label} p99 (ms)", o.Latency.P99Ms, f.Latency.P99Ms, "F3");
            }

            Row(sb, $"{label} p99.9 (ms)", o.Latency.P999Ms, f.Latency.P999Ms, "F3");
        }

        Row(sb, "errors (all phases)", Errors(ours), Errors(floor), "F0", "0", Errors(ours) == 0);
        Row(sb, "peak RSS (MB, VmHWM)", ours.PeakRssBytes / Megabyte, floor.PeakRssBytes / Megabyte, "F1", "<= 150 MB", ours.PeakRssBytes <= 150 * Megabyte);
        Row(sb, "RSS when ready (MB)", ours.IdleRssBytes / Megabyte, floor.IdleRssBytes / Megabyte, "F1");
        Row(sb, Inv($"start to /readyz 200 (ms, median of {ours.StartsToReady.Count})"), ours.MedianStartToReadyMs, floor.MedianStartToReadyMs, "F0", "<= 1000 ms", ours.MedianStartToReadyMs <= 1000);
        Row(sb, Inv($"first review after /readyz 200 (ms, new TLS connection, median of {ours.FirstReviews.Count})"), ours.MedianFirstReviewMs, floor.MedianFirstReviewMs, "F1", "<= 10 ms", ours.MedianFirstReviewMs <= 10 && ours.FirstReviews.All(r => r.Ok));
        Row(sb, "second review, same connection (ms, median)", ours.MedianSecondReviewMs, floor.MedianSecondReviewMs, "F2");

        foreach (var e in engine.Where(e => e.Sample == "Deployment").OrderBy(e => e.Type, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal))
        {
            var isEngine = e.Method == "Evaluate";
            var what = (e.Type, e.Method) switch
            {
                ("RecordBenchmarks", "Record") => "decision line and metrics",
                ("RecordBenchmarks", _) => "metrics alone",
                _ => "engine " + e.Method,
            };
            sb.AppendLine(Inv($"| {what}, Deployment (µs mean / KB allocated) | {e.MeanNs / 1000:F2} / {e.AllocatedBytes / 1024.0:F1} | | | {(isEngine ? "<= 20 µs / <= 16 KB" : string.Empty)} | {(isEngine ? YesNo(e.MeanNs <= 20_000 && e.AllocatedBytes <= 16 * 1024) : string.Empty)} |"));
        }

        sb.AppendLine();
        foreach (var rate in options.Rates)
        {
            var o = ours.Rate(rate).DispatchLag;
            var f = floor.Rate(rate).DispatchLag;
            sb.AppendLine(Inv($"Generator lateness at {rate}/s (p99 / max, ms): with ours {o.P99Ms:F3} / {o.MaxMs:F3}, with the floor {f.P99Ms:F3} / {f.MaxMs:F3}; more than a fraction of a millisecond means the machine was busy."));
        }

        return sb.ToString();
    }

    /// <summary>A reason to distrust the tails: other work was running, or the generator itself was sent late.</summary>
    private static string? Busy(ServerFigures ours, ServerFigures floor, ComparisonOptions options, string loadBefore)
    {
        var load1 = double.TryParse(loadBefore.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var lateness = options.Rates.Max(r => Math.Max(ours.Rate(r).DispatchLag.P99Ms, floor.Rate(r).DispatchLag.P99Ms));
        // make bench's own publishing and BenchmarkDotNet run leave the 1-minute load near 1-2.
        return load1 > 2.5 ? Inv($"load average {load1:F2} before the run")
            : lateness > 0.5 ? Inv($"generator lateness p99 {lateness:F2} ms")
            : null;
    }

    private static double Errors(ServerFigures s) => s.SaturationErrors + s.AtRate.Values.SelectMany(r => r).Sum(r => r.Errors);

    private static void Row(StringBuilder sb, string measure, double ours, double floor, string format, string target = "", bool? met = null)
    {
        var ratio = floor == 0 ? "-" : (ours / floor).ToString("F2", CultureInfo.InvariantCulture);
        sb.AppendLine(Inv($"| {measure} | {ours.ToString(format, CultureInfo.InvariantCulture)} | {floor.ToString(format, CultureInfo.InvariantCulture)} | {ratio} | {target} | {(met is { } m ? YesNo(m) : string.Empty)} |"));
    }

    private static string YesNo(bool met) => met ? "yes" : "**no**";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>The same executable published ReadyToRun (what ships) and Native AOT, measured in the same run, with the ratios AOT/R2R.</summary>
internal static class AotTable
{
    private const double Megabyte = 1024 * 1024;

    public static string Build(ServerFigures readyToRun, ServerFigures aot, DeploymentSizes? sizes)
    {
        var sb = new StringBuilder();
        var agreed = aot.Agreement.Count(c => c.Agrees);
        sb.AppendLine("Native AOT against ReadyToRun: the same executable published both ways, same run, same start-ups, warm-up and saturation rounds (not the fixed rates)"
            + Inv($"; answers agreed on {agreed} of {aot.Agreement.Count} reviews{(agreed == aot.Agreement.Count ? string.Empty : " (**they differ**: see the run's log)")}."));
        sb.AppendLine();
        sb.AppendLine("| measure | ReadyToRun | Native AOT | AOT/R2R |");
        sb.AppendLine("|---|---:|---:|---:|");
        Row(sb, Inv($"start to /readyz 200 (ms, median of {readyToRun.StartsToReady.Count})"), readyToRun.MedianStartToReadyMs, aot.MedianStartToReadyMs, "F0");
        Row(sb, "first review after ready (ms, new TLS connection, median)", readyToRun.MedianFirstReviewMs, aot.MedianFirstReviewMs, "F1");
        Row(sb, "saturated throughput (reviews/s, wrk)", readyToRun.SaturatedRps, aot.SaturatedRps, "F0");
        Row(sb, "server CPU per review at saturation (µs)", readyToRun.MedianCpuPerReviewUs, aot.MedianCpuPerReviewUs, "F1");
        Row(sb, "saturated p50 (ms)", readyToRun.SaturatedP50Ms, aot.SaturatedP50Ms, "F3");
        Row(sb, "saturated p99 (ms)", readyToRun.SaturatedP99Ms, aot.SaturatedP99Ms, "F3");
        Row(sb, "errors at saturation", readyToRun.SaturationErrors, aot.SaturationErrors, "F0");
        Row(sb, "RSS when ready (MB)", readyToRun.IdleRssBytes / Megabyte, aot.IdleRssBytes / Megabyte, "F1");
        Row(sb, "peak RSS (MB, VmHWM)", readyToRun.PeakRssBytes / Megabyte, aot.PeakRssBytes / Megabyte, "F1");
        if (sizes is not null)
        {
            Row(sb, "publish directory (MB)", sizes.ReadyToRunPublishBytes / Megabyte, sizes.AotPublishBytes / Megabyte, "F1");
            Row(sb, "what an image carries beyond its base system (MB)", sizes.ReadyToRunImageBytes / Megabyte, sizes.AotExecutableBytes / Megabyte, "F1");
            sb.AppendLine();
            sb.AppendLine(Inv($"Image payload: ReadyToRun is its publish directory plus the shared runtimes it names ({sizes.DescribeFrameworks()}); Native AOT is the executable alone (its publish directory also holds the `.dbg` symbols, which an image leaves out). Both need the same base system (glibc, OpenSSL, CA certificates)."));
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string measure, double readyToRun, double aot, string format)
    {
        var ratio = readyToRun == 0 ? "-" : (aot / readyToRun).ToString("F2", CultureInfo.InvariantCulture);
        sb.AppendLine(Inv($"| {measure} | {readyToRun.ToString(format, CultureInfo.InvariantCulture)} | {aot.ToString(format, CultureInfo.InvariantCulture)} | {ratio} |"));
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>
/// The rows a table of two servers from the same run shares (ours beside the peer, the AOT build
/// beside ReadyToRun): each measure, both figures, and their ratio taken the way the table reads.
/// </summary>
internal sealed class SideBySideRows(StringBuilder sb, bool rightOverLeft)
{
    public const double Megabyte = 1024 * 1024;

    /// <summary>The sentence on the agreement reviews the right-hand server answered before any load.</summary>
    public static string Agreement(ServerFigures right)
    {
        var agreed = right.Agreement.Count(c => c.Agrees);
        return Inv($"answers agreed on {agreed} of {right.Agreement.Count} reviews{(agreed == right.Agreement.Count ? string.Empty : " (**they differ**: see the run's log)")}.");
    }

    /// <summary>Start, first review, saturation (throughput, latency, CPU, errors) and memory.</summary>
    public void Servers(ServerFigures left, ServerFigures right)
    {
        Row(Inv($"start to /readyz 200 (ms, median of {left.StartsToReady.Count})"), left.MedianStartToReadyMs, right.MedianStartToReadyMs, "F0");
        Row("first review after ready (ms, new TLS connection, median)", left.MedianFirstReviewMs, right.MedianFirstReviewMs, "F1");
        Row("saturated throughput (reviews/s, wrk)", left.SaturatedRps, right.SaturatedRps, "F0");
        Row("server CPU per review at saturation (µs)", left.MedianCpuPerReviewUs, right.MedianCpuPerReviewUs, "F1");
        Row("saturated p50 (ms)", left.SaturatedP50Ms, right.SaturatedP50Ms, "F3");
        Row("saturated p99 (ms)", left.SaturatedP99Ms, right.SaturatedP99Ms, "F3");
        Row("errors at saturation", left.SaturationErrors, right.SaturationErrors, "F0");
        Row("RSS when ready (MB)", left.IdleRssBytes / Megabyte, right.IdleRssBytes / Megabyte, "F1");
        Row("peak RSS (MB, VmHWM)", left.PeakRssBytes / Megabyte, right.PeakRssBytes / Megabyte, "F1");
    }

    public void Row(string measure, double left, double right, string format)
    {
        var (numerator, denominator) = rightOverLeft ? (right, left) : (left, right);
        var ratio = denominator == 0 ? "-" : (numerator / denominator).ToString("F2", CultureInfo.InvariantCulture);
        sb.AppendLine(Inv($"| {measure} | {left.ToString(format, CultureInfo.InvariantCulture)} | {right.ToString(format, CultureInfo.InvariantCulture)} | {ratio} |"));
    }

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

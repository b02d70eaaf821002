using System.Globalization;
using System.Text;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>Ours beside a peer admission controller, measured in the same run, with the ratios ours/peer.</summary>
internal static class PeerTable
{
    private const double Megabyte = 1024 * 1024;

    public static string Build(ServerFigures ours, ServerFigures peer)
    {
        var sb = new StringBuilder();
        var agreed = peer.Agreement.Count(c => c.Agrees);
        sb.AppendLine(Inv($"Beside {peer.Name} (one config-checksum rule; ours runs every built-in policy), same run, same load; answers agreed on {agreed} of {peer.Agreement.Count} reviews{(agreed == peer.Agreement.Count ? string.Empty : " (**they differ**: see the run's log)")}."));
        sb.AppendLine();
        sb.AppendLine(Inv($"| measure | AdmissionGuard | {peer.Name} | ours/{peer.Name} |"));
        sb.AppendLine("|---|---:|---:|---:|");
        Row(sb, "saturated throughput (reviews/s, wrk)", ours.SaturatedRps, peer.SaturatedRps, "F0");
        Row(sb, "saturated p50 (ms)", ours.SaturatedP50Ms, peer.SaturatedP50Ms, "F3");
        Row(sb, "saturated p99 (ms)", ours.SaturatedP99Ms, peer.SaturatedP99Ms, "F3");
        Row(sb, "server CPU per review at saturation (µs)", ours.MedianCpuPerReviewUs, peer.MedianCpuPerReviewUs, "F1");
        Row(sb, "errors at saturation", ours.SaturationErrors, peer.SaturationErrors, "F0");
        Row(sb, "peak RSS (MB, VmHWM)", ours.PeakRssBytes / Megabyte, peer.PeakRssBytes / Megabyte, "F1");
        Row(sb, "RSS when ready (MB)", ours.IdleRssBytes / Megabyte, peer.IdleRssBytes / Megabyte, "F1");
        Row(sb, Inv($"start to ready (ms, median of {ours.StartsToReady.Count})"), ours.MedianStartToReadyMs, peer.MedianStartToReadyMs, "F0");
        Row(sb, "first review after ready (ms, median)", ours.MedianFirstReviewMs, peer.MedianFirstReviewMs, "F1");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string measure, double ours, double peer, string format)
    {
        var ratio = peer == 0 ? "-" : (ours / peer).ToString("F2", CultureInfo.InvariantCulture);
        sb.AppendLine(Inv($"| {measure} | {ours.ToString(format, CultureInfo.InvariantCulture)} | {peer.ToString(format, CultureInfo.InvariantCulture)} | {ratio} |"));
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using AdmissionGuard.Cluster.Tests.ControlPlane;

namespace AdmissionGuard.ApiServerBench;

/// <summary>The markdown table: p50, p99 and throughput of creates without and with the webhook, and the difference.</summary>
internal static class BenchTable
{
    public static string Build(IReadOnlyList<Measurement> without, IReadOnlyList<Measurement> with, int creates, int rounds, int connections, double reviews)
    {
        var a = Figures(without);
        var b = Figures(with);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Creates through the API server, without and with the webhook");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"kube-apiserver {KubeAssets.Version} and etcd on loopback (etcd without fsync), {connections} HTTP/1.1 connections with the admin token, {rounds} rounds of {creates} creates per side (ConfigMaps, Deployments, Helm-marked claims in turn; every one allowed, claims patched), sides alternating, order flipped each round, after a warm-up round; {Environment.ProcessorCount} cores, load average {Load()}.");
        text.AppendLine();
        text.AppendLine("| | p50 ms | p99 ms | creates/s |");
        text.AppendLine("|---|---:|---:|---:|");
        text.AppendLine(Row("without the webhook", a));
        text.AppendLine(Row("with the webhook (chart's configurations, `serve`)", b));
        text.AppendLine(CultureInfo.InvariantCulture, $"| difference | {b.P50 - a.P50:+0.00;-0.00} | {b.P99 - a.P99:+0.00;-0.00} | {(b.Throughput / a.Throughput - 1) * 100:+0;-0} % |");
        return text.ToString();
    }

    private static (double P50, double P99, double Throughput) Figures(IReadOnlyList<Measurement> runs)
    {
        var all = runs.SelectMany(r => r.Latencies).Order().ToArray();
        var count = all.Length;
        var seconds = runs.Sum(r => r.Wall.TotalSeconds);
        return (Percentile(all, 0.50), Percentile(all, 0.99), count / seconds);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Row(string name, (double P50, double P99, double Throughput) f) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {f.P50:F2} | {f.P99:F2} | {f.Throughput:F0} |");

    private static string Load()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

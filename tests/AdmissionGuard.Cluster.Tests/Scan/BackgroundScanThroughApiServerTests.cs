using System.Text.Json.Nodes;

namespace AdmissionGuard.Cluster.Tests.Scan;

/// <summary>
/// <c>serve --background-scan</c>, two replicas as the chart runs them (its service account, its
/// policies, POD_NAME), against the real API server: one takes the Lease and keeps the reports
/// current, the other scans nothing; neither has a list or apply error.
/// </summary>
[Collection(ScanCollection.Name)]
public sealed class BackgroundScanThroughApiServerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private readonly KubeControlPlane cluster;

    public BackgroundScanThroughApiServerTests(KubeControlPlane cluster)
    {
        this.cluster = cluster;
        ScanCluster.Prepare(cluster);
    }

    [Fact]
    public async Task One_of_two_replicas_holds_the_lease_and_writes_the_reports_the_other_scans_nothing()
    {
        Crds.InstallOpenReports(cluster);
        var kubeconfig = cluster.ServiceAccountKubeconfig(ChartWebhooks.Namespace, ChartWebhooks.Name);
        string[] arguments = ["--background-scan", "2s", "--kubeconfig", kubeconfig, "--lease-namespace", ChartWebhooks.Namespace, "--policies", ScanCluster.ChartPolicies(cluster)];
        await using var first = await WebhookServer.StartAsync(cluster, new Dictionary<string, string> { ["POD_NAME"] = "replica-a" }, arguments);
        await using var second = await WebhookServer.StartAsync(cluster, new Dictionary<string, string> { ["POD_NAME"] = "replica-b" }, arguments);

        // Both have run for a few intervals and one of them has scanned at least twice.
        var deadline = DateTime.UtcNow + Limit;
        while (await first.MetricAsync("admission_guard_background_scans_total") + await second.MetricAsync("admission_guard_background_scans_total") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no two background scans within {Limit}: {first.LogFile}, {second.LogFile}");
            await Task.Delay(250);
        }

        var holder = (string)JsonNode.Parse(cluster.KubectlOk("get", "lease", "admission-guard-background-scan", "-n", ChartWebhooks.Namespace, "-o", "json"))!["spec"]!["holderIdentity"]!;
        var (leader, follower) = holder == "replica-a" ? (first, second) : (second, first);
        Assert.Contains(holder, new[] { "replica-a", "replica-b" });
        Assert.Equal(1, await leader.MetricAsync("admission_guard_background_scan_leader"));
        Assert.Equal(0, await follower.MetricAsync("admission_guard_background_scan_leader"));
        Assert.Equal(0, await follower.MetricAsync("admission_guard_background_scans_total"));
        Assert.Equal(0, await leader.MetricAsync("admission_guard_background_scan_errors_total"));
        Assert.Equal(0, await follower.MetricAsync("admission_guard_background_scan_errors_total"));

        var shop = JsonNode.Parse(cluster.KubectlOk("get", "reports.openreports.io", "admission-guard", "-n", ScanCluster.Shop, "-o", "json"))!;
        Assert.Contains(shop["results"]!.AsArray(), r => (string)r!["policy"]! == "config-checksum" && (string)r["result"]! == "fail");
        Assert.Empty(cluster.KubectlOk("get", "reports.openreports.io", "-n", "kube-system", "-o", "name").Trim());
    }
}

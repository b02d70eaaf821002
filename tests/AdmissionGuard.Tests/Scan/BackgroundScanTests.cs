using System.Text.Json.Nodes;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Scan;

/// <summary>
/// <c>serve --background-scan</c> against the stand-in: the replica that takes the Lease scans
/// and keeps the OpenReports current, the other waits, the metrics say what happened, and
/// reviews are answered meanwhile.
/// </summary>
public sealed class BackgroundScanTests
{
    [Fact]
    public async Task One_replica_holds_the_lease_and_keeps_the_reports_current()
    {
        await using var api = await StandInApiServer.StartAsync(ClusterObjects.Deployment("shop", "web", "helm"), ClusterObjects.ConfigMap("shop", "web-config"));
        using var scan = new ScanProcess(api);
        await using var first = await RunningServer.StartAsync(Replica(scan, "replica-a"));
        var report = await Eventually.GetAsync(
            () => Task.FromResult(api.Get("openreports.io/v1alpha1", "reports", "shop", "admission-guard")),
            r => r is not null,
            "the leader applies the shop report");
        Assert.Contains(report!["results"]!.AsArray(), r => r!["policy"]!.GetValue<string>() == "config-checksum" && r["result"]!.GetValue<string>() == "fail");
        var lease = api.Get("coordination.k8s.io/v1", "leases", "admission-guard", "admission-guard-background-scan")!;
        Assert.Equal("replica-a", lease["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.Equal(30, lease["spec"]!["leaseDurationSeconds"]!.GetValue<int>());

        await using var second = await RunningServer.StartAsync(Replica(scan, "replica-b"));
        await Eventually.GetAsync(() => second.MetricAsync("admission_guard_background_scan_leader"), v => v == 0 && api.Requests.Count(r => r.Contains("/leases/", StringComparison.Ordinal)) > 3, "the second replica sees the Lease held");

        // The leader keeps the report current: the Deployment is fixed, the next scan drops its result.
        var fixedWeb = ClusterObjects.Deployment("shop", "web", "helm");
        fixedWeb["spec"]!["template"]!["metadata"]!["annotations"] = new JsonObject { ["checksum/config"] = new string('b', 64) };
        api.Add(fixedWeb);
        await Eventually.GetAsync(
            () => Task.FromResult(api.Get("openreports.io/v1alpha1", "reports", "shop", "admission-guard")!),
            r => !r["results"]!.AsArray().Any(x => x!["policy"]!.GetValue<string>() == "config-checksum"),
            "the next scan removes the fixed Deployment's result");

        Assert.Equal(1, await first.MetricAsync("admission_guard_background_scan_leader"));
        Assert.True(await first.MetricAsync("admission_guard_background_scans_total{outcome=\"success\"}") >= 2);
        Assert.Equal(0, await second.MetricAsync("admission_guard_background_scans_total{outcome=\"success\"}"));
        Assert.Equal(2, await first.MetricAsync("admission_guard_background_scan_objects"));
        Assert.True(await first.MetricAsync("admission_guard_background_scan_duration_seconds_count") >= 2);
        Assert.True(await first.MetricAsync("admission_guard_background_scan_last_success_timestamp_seconds") > 0);
        var metrics = await first.Health.GetStringAsync("/metrics");
        Assert.Contains("admission_guard_background_scan_results{policy=\"config-checksum\",result=\"pass\"} 1", metrics);

        // Reviews are answered while the replica scans.
        var answer = await first.ReviewAsync("/validate", File.ReadAllText(Repository.Combine("examples", "deployment-without-checksum.json")));
        Assert.Contains("\"allowed\":false", answer);

        // Only the Lease, the lists and the reports were touched: no other write.
        Assert.All(api.Requests.Where(r => !r.StartsWith("GET ", StringComparison.Ordinal)), r =>
            Assert.True(r.Contains("/leases", StringComparison.Ordinal) || r.Contains("/openreports.io/", StringComparison.Ordinal), r));
    }

    [Fact]
    public async Task A_forbidden_kind_and_a_failing_apply_are_counted_as_errors_and_scanning_goes_on()
    {
        await using var api = await StandInApiServer.StartAsync(ClusterObjects.Deployment("shop", "web", "helm"));
        api.Forbidden.Add("secrets");
        using var scan = new ScanProcess(api);
        await using var server = await RunningServer.StartAsync(Replica(scan));

        await Eventually.GetAsync(() => server.MetricAsync("admission_guard_background_scan_errors_total{stage=\"list\"}"), v => v >= 2, "the forbidden list is counted on each scan");
        Assert.NotNull(api.Get("openreports.io/v1alpha1", "reports", "shop", "admission-guard"));
    }

    [Fact]
    public async Task Reviews_are_answered_while_a_scan_waits_on_an_api_server_that_does_not_answer()
    {
        await using var api = await StandInApiServer.StartAsync(ClusterObjects.Deployment("shop", "web", "helm"));
        api.ListGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var scan = new ScanProcess(api);
        await using var server = await RunningServer.StartAsync(Replica(scan));

        await Eventually.GetAsync(() => Task.FromResult(api.Requests.Count(r => r.Contains("limit=", StringComparison.Ordinal))), n => n > 0, "the scan is waiting on its first list");
        var review = File.ReadAllText(Repository.Combine("examples", "deployment-without-checksum.json"));
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => server.ReviewAsync("/validate", review)));
        Assert.All(answers, a => Assert.Contains("\"allowed\":false", a));
        Assert.Null(api.Get("openreports.io/v1alpha1", "reports", "shop", "admission-guard"));

        api.ListGate.SetResult();
        await Eventually.GetAsync(
            () => Task.FromResult(api.Get("openreports.io/v1alpha1", "reports", "shop", "admission-guard")),
            r => r is not null,
            "the scan completes once the API server answers");
    }

    [Fact]
    public async Task A_lease_another_replica_renews_is_left_alone_and_an_expired_one_is_taken_over()
    {
        await using var api = await StandInApiServer.StartAsync(
            ClusterObjects.Deployment("shop", "web", "helm"),
            Lease("replica-other", DateTimeOffset.UtcNow.AddYears(1), 3));
        using var scan = new ScanProcess(api);
        var replica = Replica(scan);

        await using (var server = await RunningServer.StartAsync(replica))
        {
            await Eventually.GetAsync(() => Task.FromResult(api.Requests.Count(r => r.Contains("/leases/", StringComparison.Ordinal))), n => n >= 3, "the replica reads the Lease a few times");
            Assert.Equal(0, await server.MetricAsync("admission_guard_background_scan_leader"));
            Assert.Null(api.Get("openreports.io/v1alpha1", "reports", "shop", "admission-guard"));
            Assert.Equal("replica-other", api.Get("coordination.k8s.io/v1", "leases", "admission-guard", "admission-guard-background-scan")!["spec"]!["holderIdentity"]!.GetValue<string>());
        }

        // Its holder stopped renewing a minute ago: the Lease has expired.
        api.Add(Lease("replica-other", DateTimeOffset.UtcNow.AddMinutes(-1), 3));
        await using (var server = await RunningServer.StartAsync(replica))
        {
            await Eventually.GetAsync(() => server.MetricAsync("admission_guard_background_scan_leader"), v => v == 1, "the replica takes the expired Lease");
            var lease = api.Get("coordination.k8s.io/v1", "leases", "admission-guard", "admission-guard-background-scan")!;
            Assert.Equal("replica-a", lease["spec"]!["holderIdentity"]!.GetValue<string>());
            Assert.Equal(4, lease["spec"]!["leaseTransitions"]!.GetValue<int>());
            await Eventually.GetAsync(
                () => Task.FromResult(api.Get("openreports.io/v1alpha1", "reports", "shop", "admission-guard")),
                r => r is not null,
                "the new holder scans");
        }
    }

    /// <summary>A replica's options: it scans every second through <paramref name="scan"/>'s kubeconfig and competes for the one Lease as <paramref name="identity"/>.</summary>
    private static Func<ServerOptions, ServerOptions> Replica(ScanProcess scan, string identity = "replica-a") => o => o with
    {
        BackgroundScan = TimeSpan.FromSeconds(1),
        Kubeconfig = scan.Kubeconfig,
        LeaseNamespace = "admission-guard",
        Identity = identity,
    };

    private static JsonObject Lease(string holder, DateTimeOffset renewed, int transitions) => new()
    {
        ["apiVersion"] = "coordination.k8s.io/v1",
        ["kind"] = "Lease",
        ["metadata"] = new JsonObject { ["name"] = "admission-guard-background-scan", ["namespace"] = "admission-guard" },
        ["spec"] = new JsonObject
        {
            ["holderIdentity"] = holder,
            ["leaseDurationSeconds"] = 30,
            ["acquireTime"] = renewed.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["renewTime"] = renewed.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["leaseTransitions"] = transitions,
        },
    };
}

using System.Text.Json.Nodes;
using AdmissionGuard.Cluster.Tests.Admission;

namespace AdmissionGuard.Cluster.Tests.Exceptions;

/// <summary>
/// One PolicyException created, honoured and expired on the real API server, the same way in
/// the webhook (watched, in memory), <c>scan</c> (listed) and <c>check --exceptions</c> (the same
/// YAML from a file). Each step's command and output go to <c>exception-transcript.txt</c> in the
/// control plane's log folder.
/// </summary>
[Collection(ExceptionCollection.Name)]
public sealed class ExceptionExpiryTests(KubeControlPlaneWithControllers cluster) : IAsyncLifetime, IDisposable
{
    private const string Ns = "expiry-shop";

    private readonly string work = Directory.CreateTempSubdirectory("admission-guard-exception-").FullName;
    private WebhookServer? webhook;

    private string Transcript => Path.Combine(cluster.LogDirectory, "exception-transcript.txt");

    public async Task InitializeAsync()
    {
        webhook = await WebhookServer.StartAsync(cluster, "--watch-exceptions=true", "--kubeconfig", cluster.KubeconfigFile);
        ExceptionCluster.InstallCrdAndRoles(cluster, webhook);
        await ChartWebhooks.RegisterAsync(cluster, webhook, ExceptionCluster.ChartValues);
        cluster.CreateNamespace(Ns);
    }

    public async Task DisposeAsync()
    {
        if (webhook is not null)
        {
            await ChartWebhooks.UnregisterAsync(cluster, webhook);
            await webhook.DisposeAsync();
        }
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task An_exception_that_expires_during_the_test_stops_applying_at_its_expiry_in_the_webhook_scan_and_check()
    {
        File.WriteAllText(Path.Combine(work, "job.yaml"), ClusterObjects.HookJob("migrate-1", Ns));

        // Created: the webhook reviews it, the watch brings it into memory. (Other tests of the collection leave exceptions of their own.)
        var inForceBefore = Gauge(await webhook!.MetricsAsync(), "admission_guard_exceptions_in_force{policy=\"hook-deadline\"}");
        var soonBefore = Gauge(await webhook.MetricsAsync(), "admission_guard_exceptions_expiring_soon{policy=\"hook-deadline\"}");
        var exception = ExceptionCluster.Exception("legacy-migrate", Ns, DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(work, "exception.yaml"), exception);
        var created = Step("kubectl apply -f exception.yaml", cluster.Apply(exception));
        Assert.True(created.Succeeded, $"{created} {cluster.Where}");
        Step("kubectl get policyexceptions -n " + Ns, cluster.Kubectl("get", "policyexceptions", "-n", Ns));

        var dryRun = await ExceptionCluster.UntilAsync(() => cluster.Apply(ClusterObjects.HookJob("migrate-1", Ns), "--dry-run=server"), r => r.Succeeded);
        Assert.True(dryRun.Succeeded, $"the webhook never honoured the exception: {dryRun} {cluster.Where}");

        // Honoured by the webhook: allowed, with a warning naming the exception and its expiry.
        var job = Step("kubectl apply -f job.yaml", cluster.Apply(ClusterObjects.HookJob("migrate-1", Ns)));
        Assert.True(job.Succeeded, $"{job} {cluster.Where}");
        Assert.Contains($"Warning: [hook-deadline] Job {Ns}/migrate-1 excepted by PolicyException {Ns}/legacy-migrate until ", job.Stderr);
        var metrics = await webhook.MetricsAsync();
        Assert.Equal(inForceBefore + 1, Gauge(metrics, "admission_guard_exceptions_in_force{policy=\"hook-deadline\"}"));
        Assert.Equal(soonBefore + 1, Gauge(metrics, "admission_guard_exceptions_expiring_soon{policy=\"hook-deadline\"}"));
        Assert.Contains("admission_guard_exception_watch_failing 0", metrics);

        // Honoured by scan (listed from the cluster) and check (the same YAML from a file).
        var scan = Step($"admission-guard scan -n {Ns} -o json", Cli("scan", "-n", Ns, "-o", "json"));
        Assert.True(scan.ExitCode == 0, scan.ToString());
        Assert.Equal("skip", Result(scan, "migrate-1"));
        var reports = Step($"admission-guard scan -n {Ns} -o openreports", Cli("scan", "-n", Ns, "-o", "openreports"));
        Assert.Contains("result: skip", reports.Stdout);
        Assert.Contains($"exception: {Ns}/legacy-migrate", reports.Stdout);
        var check = Step("admission-guard check --exceptions exception.yaml job.yaml", Cli("check", "--exceptions", "exception.yaml", "job.yaml"));
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("skip   hook-deadline: excepted by PolicyException expiry-shop/legacy-migrate", check.Stdout);

        // The exception is changed to expire a few seconds from now, and the test waits past that.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(6);
        var soon = ExceptionCluster.Exception("legacy-migrate", Ns, expiresAt);
        File.WriteAllText(Path.Combine(work, "exception.yaml"), soon);
        var changed = Step($"kubectl apply -f exception.yaml   # expiresAt: {ExceptionCluster.Time(expiresAt)}", cluster.Apply(soon));
        Assert.True(changed.Succeeded, $"{changed} {cluster.Where}");
        var secondsLeft = expiresAt.AddSeconds(1) - DateTimeOffset.UtcNow;
        if (secondsLeft > TimeSpan.Zero)
        {
            await Task.Delay(secondsLeft);
        }

        // Expired: honoured nowhere, with no resync in between.
        var denied = Step("kubectl apply -f job.yaml   # a second Job, migrate-2", cluster.Apply(ClusterObjects.HookJob("migrate-2", Ns)));
        Assert.False(denied.Succeeded, denied.ToString());
        Assert.Contains("[hook-deadline] Job expiry-shop/migrate-2", denied.Stderr);
        Assert.DoesNotContain("PolicyException", denied.Stderr);
        Assert.Equal(inForceBefore, Gauge(await webhook.MetricsAsync(), "admission_guard_exceptions_in_force{policy=\"hook-deadline\"}"));

        var rescan = Step($"admission-guard scan -n {Ns} -o json", Cli("scan", "-n", Ns, "-o", "json"));
        Assert.True(rescan.ExitCode == 1, rescan.ToString());
        Assert.Equal("deny", Result(rescan, "migrate-1"));
        var recheck = Step("admission-guard check --exceptions exception.yaml job.yaml", Cli("check", "--exceptions", "exception.yaml", "job.yaml"));
        Assert.True(recheck.ExitCode == 1, recheck.ToString());
        Assert.Contains($"admission-guard: note: PolicyException {Ns}/legacy-migrate (exception.yaml:1) expired at {ExceptionCluster.Time(expiresAt)}; it is not honoured", recheck.Stderr);
    }

    /// <summary>The value of one series in the Prometheus text format.</summary>
    private static double Gauge(string metrics, string series)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {series} in\n{metrics}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private ProcessResult Cli(params string[] args) => ExceptionCluster.Cli(cluster, work, args);

    /// <summary>The hook-deadline result of the Job in a JSON report.</summary>
    private static string? Result(ProcessResult report, string name) =>
        (string?)JsonNode.Parse(report.Stdout)!["findings"]!.AsArray()
            .Single(f => (string?)f!["name"] == name && (string?)f["policy"] == "hook-deadline")!["result"];

    private ProcessResult Step(string command, ProcessResult result)
    {
        File.AppendAllText(Transcript, $"$ {command}\n{result.Stdout}{result.Stderr}(exit {result.ExitCode})\n\n");
        return result;
    }
}

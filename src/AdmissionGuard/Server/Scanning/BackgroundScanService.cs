using System.Diagnostics;
using AdmissionGuard.Scan;
using AdmissionGuard.Scan.Api;
using AdmissionGuard.Scan.Reports;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Server.Logging;
using AdmissionGuard.Server.Monitoring;
using AdmissionGuard.Server.Reload;

namespace AdmissionGuard.Server.Scanning;

/// <summary>
/// <c>serve --background-scan INTERVAL</c>: the replica holding the Lease scans the cluster every
/// interval with the policies it serves and applies the OpenReports. Apart from the admission
/// path: a client and connection pool of its own (a slow API server cannot hold up a review's
/// connections), one scan at a time on one task that judges one object at a time and yields
/// often, so a scan uses at most one core's share while reviews keep theirs. The Lease is renewed
/// while a scan runs; a replica that loses it stops scanning.
/// </summary>
internal sealed class BackgroundScanService(
    ServerOptions options,
    PolicyProvider policies,
    AdmissionMetrics metrics,
    ILogger<BackgroundScanService> logger) : BackgroundService
{
    /// <summary>How long a Lease stays valid without renewal (client-go's default is 15 s; a scan is not a controller, so longer).</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    public const string LeaseName = "admission-guard-background-scan";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.BackgroundScan is not { } interval)
        {
            return;
        }

        await Task.Yield();
        var scanMetrics = new ScanMetrics(metrics.Registry);
        KubeApi api;
        try
        {
            api = ClusterConnection.Open(options.Kubeconfig, null);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or InvalidOperationException or ArgumentException)
        {
            scanMetrics.Error("lease");
            logger.BackgroundScan($"off: cannot configure the cluster client: {e.Message}");
            return;
        }

        using (api)
        {
            var elector = new LeaseElector(api, options.LeaseNamespace, LeaseName, options.Identity, LeaseDuration);
            logger.BackgroundScan($"on: every {interval.TotalSeconds} s while holding Lease {options.LeaseNamespace}/{LeaseName} as {options.Identity}");
            await RunAsync(api, elector, interval, scanMetrics, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(KubeApi api, LeaseElector elector, TimeSpan interval, ScanMetrics scanMetrics, CancellationToken stoppingToken)
    {
        // Renew at a third of the Lease's duration (as client-go's retry period), more often when the interval is shorter.
        var tick = TimeSpan.FromTicks(Math.Min(LeaseDuration.Ticks / 3, interval.Ticks));
        using var timer = new PeriodicTimer(tick);
        DateTimeOffset? lastStart = null;
        Task? scan = null;
        CancellationTokenSource? scanStop = null;
        try
        {
            do
            {
                bool leader;
                try
                {
                    leader = await elector.TryAcquireOrRenewAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    scanMetrics.Error("lease");
                    logger.BackgroundScan($"lease: {e.Message}");
                    leader = false;
                }

                scanMetrics.Leader(leader);
                if (!leader && scan is { IsCompleted: false })
                {
                    await scanStop!.CancelAsync().ConfigureAwait(false);
                }

                var now = DateTimeOffset.UtcNow;
                if (leader && scan is null or { IsCompleted: true } && (lastStart is null || now - lastStart.Value >= interval))
                {
                    lastStart = now;
                    scanStop?.Dispose();
                    scanStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    scan = ScanOnceAsync(api, scanMetrics, scanStop.Token);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            if (scan is not null)
            {
                await scan.ConfigureAwait(false);
            }

            scanStop?.Dispose();
        }
    }

    /// <summary>One scan and apply; never throws (a failure is counted and logged, the next interval tries again).</summary>
    private async Task ScanOnceAsync(KubeApi api, ScanMetrics scanMetrics, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var watch = Stopwatch.StartNew();
        try
        {
            var scan = await new ClusterScanner(api, policies.Current).ScanAsync(null, cancellationToken).ConfigureAwait(false);
            var applied = false;
            try
            {
                await new ReportApplier(api).ApplyAsync(scan, new OpenReportsBuilder.Options(), cancellationToken).ConfigureAwait(false);
                applied = true;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                scanMetrics.Error("apply");
                logger.BackgroundScan($"apply: {e.Message}");
            }

            scanMetrics.Scanned(scan, watch.Elapsed, applied, DateTimeOffset.UtcNow);
            foreach (var problem in scan.Report.Errors.Select(e => e.ToString()).Concat(scan.Forbidden.Select(s => s.Reason)))
            {
                logger.BackgroundScan($"scan: {problem}");
            }

            logger.BackgroundScan($"scanned {scan.Report.Objects.Count} objects in {watch.Elapsed.TotalSeconds:F1} s: {scan.Report.Findings.Count} findings{(applied ? ", reports applied" : string.Empty)}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.BackgroundScan("scan stopped: the Lease was lost or the server is stopping");
        }
        catch (Exception e)
        {
            // Not one call's failure (those are in the scan's errors): a fault of the scan itself.
            // It must not end the loop or surface at shutdown; the next interval tries again.
            scanMetrics.Error("list");
            logger.BackgroundScan($"scan failed: {e.GetType().Name}");
        }
    }
}

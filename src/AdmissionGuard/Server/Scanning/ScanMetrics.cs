using AdmissionGuard.Scan;
using AdmissionGuard.Scan.Reports;
using Prometheus;

namespace AdmissionGuard.Server.Scanning;

/// <summary>The background scan's metrics, in the server's registry (docs/server.md lists each).</summary>
internal sealed class ScanMetrics
{
    private readonly Counter scans;
    private readonly Gauge objects;
    private readonly Gauge results;
    private readonly Histogram duration;
    private readonly Counter errors;
    private readonly Gauge leader;
    private readonly Gauge lastSuccess;

    public ScanMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        scans = factory.CreateCounter(
            "admission_guard_background_scans_total",
            "Background scans run by this replica while it held the Lease, by outcome (success; failure: a list or the report apply failed).",
            "outcome");
        objects = factory.CreateGauge(
            "admission_guard_background_scan_objects",
            "Objects judged by the last background scan of this replica.");
        results = factory.CreateGauge(
            "admission_guard_background_scan_results",
            "Results of the last background scan, by policy and result (fail, warn, pass), as the OpenReports count them.",
            "policy", "result");
        duration = factory.CreateHistogram(
            "admission_guard_background_scan_duration_seconds",
            "Time a background scan took, from the first list to the last report applied.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 2, 14) });
        errors = factory.CreateCounter(
            "admission_guard_background_scan_errors_total",
            "Failures of the background scan, by stage: lease (the Lease could not be read or written), list (a kind could not be listed; a forbidden kind counts here too), apply (a report could not be written).",
            "stage");
        leader = factory.CreateGauge(
            "admission_guard_background_scan_leader",
            "1 while this replica holds the background-scan Lease.");
        lastSuccess = factory.CreateGauge(
            "admission_guard_background_scan_last_success_timestamp_seconds",
            "When this replica last completed a background scan and applied its reports (0: never).");
    }

    public void Leader(bool holds) => leader.Set(holds ? 1 : 0);

    public void Error(string stage) => errors.WithLabels(stage).Inc();

    public void Scanned(ScanResult scan, TimeSpan elapsed, bool applied, DateTimeOffset at)
    {
        scans.WithLabels(applied && scan.Report.Errors.Count == 0 ? "success" : "failure").Inc();
        duration.Observe(elapsed.TotalSeconds);
        objects.Set(scan.Report.Objects.Count);
        for (var i = 0; i < scan.Report.Errors.Count + scan.Forbidden.Count; i++)
        {
            Error("list");
        }

        foreach (var child in results.GetAllLabelValues().ToArray())
        {
            results.RemoveLabelled(child);
        }

        foreach (var (policy, result, count) in OpenReportsBuilder.Count(scan))
        {
            results.WithLabels(policy, result).Set(count);
        }

        if (applied)
        {
            lastSuccess.Set(at.ToUnixTimeSeconds());
        }
    }
}

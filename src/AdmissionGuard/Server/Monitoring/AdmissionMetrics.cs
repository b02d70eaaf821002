using System.Collections.Concurrent;
using AdmissionGuard.Core.Cluster;
using AdmissionGuard.Server.Admission;
using Prometheus;

namespace AdmissionGuard.Server.Monitoring;

/// <summary>
/// The server's Prometheus metrics (prometheus-net), in a registry of its own that
/// <c>/metrics</c> exports. The library's default registry is not used: its adapters listen to
/// every .NET Meter and EventCounter, which would put ASP.NET Core's per-request instruments on
/// the admission path and duplicate the histogram below. Process metrics (CPU, memory, file
/// descriptors, GC) are kept: they are read at scrape time only.
/// </summary>
internal sealed class AdmissionMetrics
{
    private readonly Counter requests;
    private readonly Counter policyResults;
    private readonly Histogram duration;
    private readonly Counter policyReloads;
    private readonly Counter certificateReloads;
    private readonly Gauge certificateExpiry;
    private readonly Counter httpErrors;

    // The children of the per-review series, each looked up in prometheus-net once: WithLabels
    // allocates the label array, hashes every value and takes a reader lock that the cores
    // contend for, on every call. The label sets are the metrics' own (kinds are only those
    // the policies target, or "other"), so these hold no more entries than the series.
    private readonly ConcurrentDictionary<RequestSeries, Counter.Child> requestChildren = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> durationChildren = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ResultSeries, Counter.Child> resultChildren = new();

    public AdmissionMetrics()
        : this(processMetrics: true)
    {
    }

    private AdmissionMetrics(bool processMetrics)
    {
        Registry = Metrics.NewCustomRegistry();
        if (processMetrics)
        {
            DotNetStats.Register(Registry);
        }

        var factory = Metrics.WithCustomRegistry(Registry);

        // No tracing here: without exemplars a count does not look for a trace context.
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();

        requests = factory.CreateCounter(
            "admission_guard_requests_total",
            "AdmissionReviews answered, by endpoint (validate, mutate), operation, kind (other when no policy of the endpoint targets it), decision (allowed, denied, patched) and dry_run.",
            "endpoint", "operation", "kind", "decision", "dry_run");
        policyResults = factory.CreateCounter(
            "admission_guard_policy_results_total",
            "Policy evaluations, by policy, result (pass, deny, warn, audit, mutate, exempt, excluded, error) and action (enforce, warn, audit).",
            "policy", "result", "action");
        duration = factory.CreateHistogram(
            "admission_guard_request_duration_seconds",
            "Time from a review's arrival to its answer being written, by endpoint.",
            new HistogramConfiguration
            {
                LabelNames = ["endpoint"],
                // 250 µs to about 8 s: most answers take well under a millisecond; the API server gives up at the webhook's timeoutSeconds.
                Buckets = Histogram.ExponentialBuckets(0.00025, 2, 16),
            });
        policyReloads = factory.CreateCounter(
            "admission_guard_policy_reloads_total",
            "Policy directory reloads after a change, by result (success: swapped in; failure: the last good set stays).",
            "result");
        certificateReloads = factory.CreateCounter(
            "admission_guard_certificate_reloads_total",
            "Serving certificate reloads after the files changed, by result (success, failure: the previous certificate stays).",
            "result");
        certificateExpiry = factory.CreateGauge(
            "admission_guard_certificate_expiry_timestamp_seconds",
            "Expiry (notAfter) of the serving certificate, as a Unix timestamp.");
        httpErrors = factory.CreateCounter(
            "admission_guard_http_errors_total",
            "Requests answered without an AdmissionReview (4xx for bad input, 500 for a webhook bug), by endpoint and reason.",
            "endpoint", "reason");
    }

    public CollectorRegistry Registry { get; }

    /// <summary>The same metrics in a registry nothing exports: the warm-up counts into it.</summary>
    public static AdmissionMetrics Throwaway() => new(processMetrics: false);

    public void Answered(string endpoint, string operation, string kind, string decision, bool dryRun, TimeSpan elapsed)
    {
        requestChildren.GetOrAdd(
            new RequestSeries(endpoint, operation, kind, decision, dryRun),
            static (series, counter) => counter.WithLabels(series.Endpoint, series.Operation, series.Kind, series.Decision, series.DryRun ? "true" : "false"),
            requests).Inc();
        durationChildren.GetOrAdd(endpoint, static (name, histogram) => histogram.WithLabels(name), duration).Observe(elapsed.TotalSeconds);
    }

    public void PolicyResults(IReadOnlyList<PolicyResult> results)
    {
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            resultChildren.GetOrAdd(
                new ResultSeries(result.PolicyId, result.Result, result.Action),
                static (series, counter) => counter.WithLabels(series.PolicyId, series.Result.ToWire(), series.Action.ToWire()),
                policyResults).Inc();
        }
    }

    private static Gauge NewGauge(IMetricFactory factory, string name, string help, params string[] labelNames) =>
        factory.CreateGauge(name, help, new GaugeConfiguration { LabelNames = labelNames });

    public void PolicyReload(bool success) => policyReloads.WithLabels(success ? "success" : "failure").Inc();

    public void CertificateReload(bool success) => certificateReloads.WithLabels(success ? "success" : "failure").Inc();

    public void CertificateExpiry(DateTimeOffset notAfter) => certificateExpiry.Set(notAfter.ToUnixTimeSeconds());

    /// <summary>Exports the Flux look-up's state, read when scraped.</summary>
    public void Track(FluxDecryptionIndex index)
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        Gauge refreshed = NewGauge(factory, "admission_guard_flux_decryption_last_refresh_timestamp_seconds",
            "When the Flux Kustomizations were last listed successfully (0: never); nothing is trusted once it is older than four intervals."),
            decrypting = NewGauge(factory, "admission_guard_flux_decryption_kustomizations", "Flux Kustomizations with spec.decryption in the look-up's snapshot."),
            failing = NewGauge(factory, "admission_guard_flux_decryption_failing",
                "1 when the last list of Flux Kustomizations failed (the reason is in the log of the look-up's start and in LastError).");
        Registry.AddBeforeCollectCallback(() =>
        {
            refreshed.Set(index.LastRefreshed?.ToUnixTimeSeconds() ?? 0);
            decrypting.Set(index.DecryptingCount);
            failing.Set(index.LastError is null ? 0 : 1);
        });
    }


    /// <summary>
    /// The PolicyException watch: exceptions in force and those expiring within 7 days per policy
    /// (label values: the built-in policy ids, <c>*</c>, and <c>other</c> for ids no policy has),
    /// whether the watch is failing, when it last synced and how often it failed.
    /// </summary>
    public void Track(Exceptions.ExceptionWatch watch)
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        Gauge inForce = NewGauge(factory, "admission_guard_exceptions_in_force", "PolicyExceptions in force (not expired) that name the policy.", "policy"),
            expiring = NewGauge(factory, "admission_guard_exceptions_expiring_soon", "PolicyExceptions in force that name the policy and expire within 7 days.", "policy"),
            failing = NewGauge(factory, "admission_guard_exception_watch_failing",
                "1 while the PolicyException list or watch fails; the last known set stays in force (/readyz says since when)."),
            synced = NewGauge(factory, "admission_guard_exception_watch_last_sync_timestamp_seconds",
                "When the PolicyException set was last brought up to date by a list or a watch event (0: never).");
        var failures = factory.CreateCounter(
            "admission_guard_exception_watch_errors_total",
            "Failed PolicyException lists and watches.");
        var labels = Core.Policies.PolicyCatalog.All.Select(p => p.Id).Append(Core.Exceptions.PolicyException.EveryPolicy).Append("other").ToArray();
        Registry.AddBeforeCollectCallback(() =>
        {
            var now = DateTimeOffset.UtcNow;
            var counts = labels.ToDictionary(l => l, _ => (InForce: 0, Soon: 0), StringComparer.Ordinal);
            foreach (var exception in watch.Current.InForce(now))
            {
                var soon = exception.ExpiresAt - now <= Core.Exceptions.PolicyException.ExpiringSoon;
                foreach (var id in exception.Policies.Distinct(StringComparer.Ordinal))
                {
                    var label = counts.ContainsKey(id) ? id : "other";
                    var (f, s) = counts[label];
                    counts[label] = (f + 1, s + (soon ? 1 : 0));
                }
            }

            foreach (var (label, (f, s)) in counts)
            {
                inForce.WithLabels(label).Set(f);
                expiring.WithLabels(label).Set(s);
            }

            failing.Set(watch.LastError is null ? 0 : 1);
            synced.Set(watch.LastSynced?.ToUnixTimeSeconds() ?? 0);
            failures.IncTo(watch.Errors);
        });
    }

    public void Rejected(string endpoint, RejectReason reason) => httpErrors.WithLabels(endpoint, reason.ToWire()).Inc();

    private readonly record struct RequestSeries(string Endpoint, string Operation, string Kind, string Decision, bool DryRun);

    private readonly record struct ResultSeries(string PolicyId, PolicyResultKind Result, PolicyAction Action);
}

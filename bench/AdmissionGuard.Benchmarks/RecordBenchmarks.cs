using AdmissionGuard.Benchmarks.Samples;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Server.Admission;
using AdmissionGuard.Server.Logging;
using AdmissionGuard.Server.Monitoring;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace AdmissionGuard.Benchmarks;

/// <summary>
/// What the server does for a review after answering it: the decision line (through the logging
/// framework into the server's JSON line logger, whose batches go to a null stream here) and the
/// metrics (the request counter, the duration histogram, one count per policy result).
/// </summary>
public class RecordBenchmarks : SampleBenchmarks
{
    private static readonly TimeSpan Elapsed = TimeSpan.FromTicks(1234);
    private PolicyEngine engine = null!;
    private AdmissionRequest request = null!;
    private AdmissionDecision decision = null!;
    private AdmissionAnswer answer = null!;
    private AdmissionMetrics metrics = null!;
    private ILoggerFactory loggers = null!;
    private ILogger logger = null!;

    [GlobalSetup]
    public void Setup()
    {
        engine = DefaultEngine.Create();
        request = AdmissionReviewReader.Read(Sample.ReviewBytes).Request;
        decision = engine.Evaluate(request, Sample.Webhook);
        answer = AdmissionAnswer.For(decision);
        metrics = AdmissionMetrics.Throwaway();
        loggers = LoggerFactory.Create(logging => logging.AddProvider(new JsonLineLoggerProvider(Stream.Null)));
        logger = loggers.CreateLogger<RecordBenchmarks>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        loggers.Dispose();
        request.Dispose();
    }

    /// <summary>The decision line and the metrics, as the endpoint records every answered review.</summary>
    [Benchmark]
    public void Record() => AdmissionEndpoints.Record(metrics, logger, request, decision, answer, Sample.Webhook, engine, Elapsed);

    /// <summary>The metrics alone.</summary>
    [Benchmark]
    public void Metrics()
    {
        metrics.Answered("validate", "CREATE", request.Kind.Kind, "allowed", request.DryRun, Elapsed);
        metrics.PolicyResults(decision.Results);
    }
}

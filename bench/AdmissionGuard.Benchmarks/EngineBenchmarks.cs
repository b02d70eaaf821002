using AdmissionGuard.Benchmarks.Samples;
using AdmissionGuard.Core.Engine;
using BenchmarkDotNet.Attributes;

namespace AdmissionGuard.Benchmarks;

/// <summary>
/// The engine alone on each sample: parsing the object, running the default policies and
/// composing the decision. Each call gets a fresh request, since a request caches its parsed
/// object; the request itself is 152 bytes of the figure. It is disposed after the decision, as
/// the server does once the answer is written, so the document's pooled buffers are reused.
/// Min and median beside the mean: on a shared machine they show how much is interference.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class EngineBenchmarks
{
    private PolicyEngine engine = null!;

    [ParamsSource(nameof(Samples))]
    public ReviewSample Sample { get; set; } = null!;

    public static IEnumerable<ReviewSample> Samples => BenchmarkSamples.Selected();

    [GlobalSetup]
    public void Setup() => engine = DefaultEngine.Create();

    [Benchmark]
    public AdmissionDecision Evaluate()
    {
        using var request = Sample.NewRequest();
        return engine.Evaluate(request, Sample.Webhook);
    }
}

using AdmissionGuard.Benchmarks.Samples;
using AdmissionGuard.Core.Engine;
using BenchmarkDotNet.Attributes;

namespace AdmissionGuard.Benchmarks;

/// <summary>
/// The engine alone on each sample: parsing the object, running the default policies and
/// composing the decision. Each call gets a fresh request, since a request caches its parsed
/// object; the request itself is a few hundred bytes of the figure.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private PolicyEngine engine = null!;

    [ParamsSource(nameof(Samples))]
    public ReviewSample Sample { get; set; } = null!;

    public static IEnumerable<ReviewSample> Samples => BenchmarkSamples.Selected();

    [GlobalSetup]
    public void Setup() => engine = DefaultEngine.Create();

    [Benchmark]
    public AdmissionDecision Evaluate() => engine.Evaluate(Sample.NewRequest(), Sample.Webhook);
}

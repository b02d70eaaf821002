using AdmissionGuard.Benchmarks.Samples;
using BenchmarkDotNet.Attributes;

namespace AdmissionGuard.Benchmarks;

/// <summary>
/// Benchmarks run once per selected sample (<see cref="BenchmarkSamples"/>), with the default
/// policies; min and median beside the mean: on a shared machine they show how much is interference.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public abstract class SampleBenchmarks
{
    [ParamsSource(nameof(Samples))]
    public ReviewSample Sample { get; set; } = null!;

    public static IEnumerable<ReviewSample> Samples => BenchmarkSamples.Selected();
}

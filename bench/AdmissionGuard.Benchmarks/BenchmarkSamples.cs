using AdmissionGuard.Benchmarks.Samples;

namespace AdmissionGuard.Benchmarks;

/// <summary>
/// The samples a run measures: all of them, or those named in <c>ADMISSION_GUARD_BENCH_SAMPLES</c>
/// (comma-separated). An environment variable, because BenchmarkDotNet runs each benchmark in a
/// child process that inherits the environment but not the parent's arguments.
/// </summary>
public static class BenchmarkSamples
{
    public const string Variable = "ADMISSION_GUARD_BENCH_SAMPLES";

    public static IEnumerable<ReviewSample> Selected()
    {
        var names = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(names)
            ? ReviewSamples.All
            : names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ReviewSamples.Get);
    }
}

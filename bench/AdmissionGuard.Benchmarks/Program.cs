using AdmissionGuard.Benchmarks;
using BenchmarkDotNet.Running;

// samples            list the samples, their sizes and the default policies' decisions
// write-samples DIR  write each AdmissionReview to DIR/<name>.json
// anything else      BenchmarkDotNet's command line (--filter, --job short, ...)
return args switch
{
    ["samples"] => SampleCommands.List(Console.Out),
    ["write-samples", var dir] => SampleCommands.Write(dir, Console.Out),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(ReviewBenchmarks).Assembly).Run(args);
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

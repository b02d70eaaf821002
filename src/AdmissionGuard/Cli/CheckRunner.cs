using AdmissionGuard.Cli.Checking;
using AdmissionGuard.Cli.Fixing;
using AdmissionGuard.Cli.Input;
using AdmissionGuard.Cli.Output;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Cli;

/// <summary>Runs <c>check</c>: read the inputs, judge every object, report, and with <c>--fix</c> write the mutated manifests.</summary>
internal static class CheckRunner
{
    public static int Run(CheckOptions options, CliConsole console)
    {
        if (options.InPlace && options.Paths.Contains(ManifestSource.StdinName))
        {
            throw new UsageException("--in-place cannot rewrite standard input; use --fix to write the result to standard output");
        }

        var policies = PolicySource.Load(options.PoliciesDirectory, console.Error);
        if (policies is null)
        {
            return ExitCodes.Usage;
        }

        var (sources, readErrors) = InputCollector.Collect(options.Paths, console.In);
        var report = new ManifestChecker(new PolicyEngine(policies), fieldManager: string.Empty, options.Applier).Check(sources, readErrors);
        var exitCode = report.ExitCode(options.FailOn);
        foreach (var error in report.Errors)
        {
            console.Error.WriteLine($"admission-guard: {error}");
        }

        // With --fix, standard output carries the manifests, so the report moves to standard error.
        var toError = options.Fix && !options.InPlace;
        var context = new ReportContext(exitCode, toError ? console.ColorError : console.ColorOut, Environment.CurrentDirectory);
        ReportWriters.For(options.Output).Write(report, context, toError ? console.Error : console.Out);

        if (options.InPlace)
        {
            foreach (var file in FixWriter.RewriteFiles(report))
            {
                console.Error.WriteLine($"admission-guard: rewrote {file}");
            }
        }
        else if (options.Fix)
        {
            if (report.HasErrors)
            {
                // Half a stream piped into kubectl would apply some objects and silently drop others.
                console.Error.WriteLine("admission-guard: --fix wrote nothing: the input has errors");
            }
            else
            {
                FixWriter.WriteStream(report, console.Out);
            }
        }

        return exitCode;
    }
}

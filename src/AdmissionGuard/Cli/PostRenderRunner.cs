using AdmissionGuard.Cli.Checking;
using AdmissionGuard.Cli.Fixing;
using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Cli;

/// <summary>
/// Runs <c>post-render</c>, Helm's post-renderer contract: manifests in on standard input, the
/// mutated manifests out on standard output; on a failure nothing on standard output, the findings
/// on standard error and a non-zero exit, which makes Helm stop before the cluster sees anything.
/// </summary>
internal static class PostRenderRunner
{
    public static int Run(PostRenderOptions options, CliConsole console)
    {
        var engine = PolicySource.Engine(options.PoliciesDirectory, console.Error);
        if (engine is null)
        {
            return ExitCodes.Usage;
        }

        var source = new ManifestSource(ManifestSource.StdinName, null, console.In.ReadToEnd());
        // Every post-rendered object is applied by Helm, which sends its own field manager.
        var report = new ManifestChecker(engine, ApplierMarks.HelmFieldManager, options.Applier).Check([source], [], []);
        var exitCode = report.ExitCode(options.FailOn);
        foreach (var error in report.Errors)
        {
            console.Error.WriteLine($"admission-guard: {error}");
        }

        if (report.Findings.Count > 0 || exitCode != ExitCodes.Clean)
        {
            // Helm shows a post-renderer's standard error only when it fails; warnings then still help whoever runs it by hand.
            new TextReportWriter().Write(report, new ReportContext(exitCode, console.ColorError, Environment.CurrentDirectory), console.Error);
        }

        if (exitCode != ExitCodes.Clean)
        {
            console.Error.WriteLine("admission-guard: post-render refused the manifests; nothing was written");
            return exitCode;
        }

        if (report.Documents.Count == 0)
        {
            // Helm rejects an empty post-renderer output; a comment is a valid, empty manifest stream.
            console.Out.WriteLine("# admission-guard post-render: no manifests");
            return exitCode;
        }

        FixWriter.WriteStream(report, console.Out, objectsOnly: false);
        return exitCode;
    }
}

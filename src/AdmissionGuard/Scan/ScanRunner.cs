using AdmissionGuard.Cli;
using AdmissionGuard.Cli.Fixing;
using AdmissionGuard.Cli.Output;
using AdmissionGuard.Scan.Api;
using AdmissionGuard.Scan.Reports;

namespace AdmissionGuard.Scan;

/// <summary>Runs <c>scan</c> once: connect, judge what runs, write the report, and with <c>--apply</c> the OpenReports.</summary>
internal static class ScanRunner
{
    public static int Run(ScanOptions options, CliConsole console)
    {
        if (PolicySource.Engine(options.PoliciesDirectory, console.Error) is not { } engine)
        {
            return ExitCodes.Usage;
        }

        KubeApi api;
        try
        {
            api = ClusterConnection.Open(options.Kubeconfig, options.Context);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            console.Error.WriteLine($"admission-guard: cannot configure the cluster client: {e.Message}");
            return ExitCodes.Usage;
        }

        using (api)
        {
            return RunAsync(options, console, api, engine).GetAwaiter().GetResult();
        }
    }

    private static async Task<int> RunAsync(ScanOptions options, CliConsole console, KubeApi api, PolicyEngine engine)
    {
        ScanResult scan;
        try
        {
            var (exceptions, exceptionNote) = await ClusterExceptions.ListAsync(api, CancellationToken.None).ConfigureAwait(false);
            if (exceptionNote is not null)
            {
                console.Error.WriteLine($"admission-guard: note: {exceptionNote}");
            }

            engine = new PolicyEngine(engine.Policies, new Core.Exceptions.FixedExceptions(exceptions));
            scan = await new ClusterScanner(api, engine, pageSize: options.PageSize).ScanAsync(options.Namespace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            console.Error.WriteLine($"admission-guard: cannot reach the cluster at {api.BaseUri}: {e.Message}");
            return ExitCodes.Usage;
        }

        foreach (var note in scan.Notes)
        {
            console.Error.WriteLine($"admission-guard: note: {note}");
        }

        foreach (var skipped in scan.Forbidden)
        {
            console.Error.WriteLine($"admission-guard: skipped: {skipped.Reason}");
        }

        foreach (var error in scan.Report.Errors)
        {
            console.Error.WriteLine($"admission-guard: {error}");
        }

        var exitCode = scan.Report.ExitCode(options.FailOn);
        var reportOptions = new OpenReportsBuilder.Options(options.ReportPass, options.MaxResults);
        if (options.OpenReports)
        {
            var built = OpenReportsBuilder.Build(scan, reportOptions);
            YamlManifestWriter.Write(console.Out, built.Select(b => (System.Text.Json.Nodes.JsonNode?)b.Report));
            foreach (var cut in built.Where(b => b.Cut > 0))
            {
                console.Error.WriteLine($"admission-guard: the report of {cut.Namespace ?? "cluster-scoped objects"} holds {options.MaxResults} results; {cut.Cut} more were cut (--max-results)");
            }
        }
        else
        {
            var context = new ReportContext(exitCode, console.ColorOut, Environment.CurrentDirectory, "source");
            ReportWriters.For(options.Output).Write(scan.Report, context, console.Out);
        }

        if (options.Apply)
        {
            try
            {
                foreach (var path in await new ReportApplier(api).ApplyAsync(scan, reportOptions, CancellationToken.None).ConfigureAwait(false))
                {
                    console.Error.WriteLine($"admission-guard: applied {path}");
                }
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TaskCanceledException)
            {
                console.Error.WriteLine($"admission-guard: --apply failed: {e.Message}");
                return ExitCodes.Usage;
            }
        }

        return exitCode;
    }
}

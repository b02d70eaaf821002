using System.Diagnostics;

namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>Runs a command to completion, feeding optional standard input, capturing both outputs.</summary>
internal static class ProcessRunner
{
    // A hung helm or CLI must fail the test, not the CI run.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? standardInput = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryLayout.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Helm must not pick up a developer's kube context or plugins.
        start.Environment["KUBECONFIG"] = "/dev/null";
        start.Environment["HELM_PLUGINS"] = "/dev/null";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {Limit}");
        }

        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

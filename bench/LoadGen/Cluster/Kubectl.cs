using System.Diagnostics;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>kubectl against the launcher's control plane (its kubeconfig), manifests on stdin.</summary>
internal sealed class Kubectl(string executable, string kubeconfig)
{
    public Task<string> ApplyAsync(string manifests, bool serverSide = false) =>
        RunAsync(manifests, serverSide ? ["apply", "--server-side", "--force-conflicts", "-f", "-"] : ["apply", "-f", "-"]);

    public Task<string> DeleteAsync(string manifests) => RunAsync(manifests, ["delete", "--ignore-not-found", "--wait=false", "-f", "-"]);

    public async Task<string> RunAsync(string? input, IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add($"--kubeconfig={kubeconfig}");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start kubectl");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? string.Empty).ConfigureAwait(false);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} exited {process.ExitCode}: {await error.ConfigureAwait(false)}");
        }

        return await output.ConfigureAwait(false);
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AdmissionGuard.CorpusReport;

/// <summary>One corpus file's JSON report.</summary>
internal sealed record FileResult(string File, int ExitCode, JsonObject Report);

/// <summary>Runs <c>admission-guard check --output json FILE</c> for each file, two at a time.</summary>
internal static class CheckRunner
{
    public static async Task<IReadOnlyList<FileResult>> RunAllAsync(string cliDll, IReadOnlyList<string> files)
    {
        var results = new FileResult[files.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, ct) =>
            results[i] = await RunAsync(cliDll, files[i], ct));
        return results;
    }

    private static async Task<FileResult> RunAsync(string cliDll, string file, CancellationToken ct)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!,
        };
        foreach (var arg in new[] { Path.GetFullPath(cliDll), "check", "--output", "json", Path.GetFileName(file) })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var json = JsonNode.Parse(await stdout) as JsonObject
            ?? throw new InvalidOperationException($"{file}: no JSON report; stderr: {await stderr}");
        return new FileResult(Path.GetFileName(file), process.ExitCode, json);
    }
}

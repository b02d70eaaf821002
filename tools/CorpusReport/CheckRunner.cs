using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AdmissionGuard.CorpusReport;

/// <summary>One corpus file: its objects, its findings and the exit code a check of it alone gives.</summary>
internal sealed record FileResult(string File, int Objects, int Skipped, int Errors, IReadOnlyList<JsonObject> Findings)
{
    public int ExitCode => Errors > 0 ? 2 : Findings.Any(f => (string?)f["result"] == "deny") ? 1 : 0;
}

/// <summary>Runs <c>admission-guard check --output json</c> once over every file and splits the report by file.</summary>
internal static class CheckRunner
{
    /// <param name="cli">admission-guard.dll (run by the dotnet host) or a native admission-guard executable.</param>
    public static async Task<IReadOnlyList<FileResult>> RunAsync(string cli, string corpus, IReadOnlyList<string> files)
    {
        var dll = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dll ? dotnet : Path.GetFullPath(cli))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // File names in the report are then the corpus' own, wherever it lies.
            WorkingDirectory = corpus,
        };
        foreach (var arg in (dll ? [Path.GetFullPath(cli)] : Array.Empty<string>()).Concat(["check", "--output", "json"]).Concat(files.Select(Path.GetFileName)))
        {
            info.ArgumentList.Add(arg!);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var report = JsonNode.Parse(await stdout) as JsonObject
            ?? throw new InvalidOperationException($"no JSON report; stderr: {await stderr}");

        var summary = report["summary"]!;
        var findings = report["findings"]!.AsArray().Select(f => f!.AsObject()).ToLookup(f => (string)f["file"]!);
        var skipped = summary["skippedDocuments"]!.AsArray().ToLookup(s => (string)s!["file"]!);
        var errors = summary["inputErrors"]!.AsArray().ToLookup(e => (string)e!["file"]!);
        return summary["inputs"]!.AsArray()
            .Select(i => (string)i!["file"]!)
            .Select(file => new FileResult(
                file,
                (int)summary["inputs"]!.AsArray().First(i => (string)i!["file"]! == file)!["objects"]!,
                skipped[file].Count(),
                errors[file].Count(),
                findings[file].ToList()))
            .ToList();
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// The chart's own webhook configurations, rendered by a real helm with the bench's CA, pointed at
/// a webhook on 127.0.0.1. A chart that has the <c>webhook.url</c> value renders URL
/// clientConfigs itself; for one that does not, each <c>clientConfig.service</c> block is
/// rewritten into the URL of the same path (and the run says so).
/// </summary>
internal static partial class ChartRegistration
{
    public static async Task<(string Yaml, bool Rewritten)> RenderAsync(string helm, string chart, string caFile, int port, TextWriter log)
    {
        var baseUrl = $"https://127.0.0.1:{port}";
        var hasUrlValue = ChartHasUrlValue(chart);
        var yaml = await HelmTemplateAsync(helm, chart, caFile, hasUrlValue ? baseUrl : null).ConfigureAwait(false);
        if (!ServiceBlock().IsMatch(yaml))
        {
            return (yaml, false);
        }

        log.WriteLine("the chart has no webhook.url value: its rendered clientConfig.service blocks are rewritten to URLs");
        return (ServiceBlock().Replace(yaml, m => $"url: \"{baseUrl}{m.Groups["path"].Value}\""), true);
    }

    /// <summary>Whether the chart's values schema knows <c>webhook.url</c> (a strict schema refuses unknown values).</summary>
    private static bool ChartHasUrlValue(string chart)
    {
        var schema = Path.Combine(chart, "values.schema.json");
        if (!File.Exists(schema))
        {
            return false;
        }

        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(schema));
        return root?["properties"]?["webhook"]?["properties"]?["url"] is not null;
    }

    private static async Task<string> HelmTemplateAsync(string helm, string chart, string caFile, string? baseUrl)
    {
        var startInfo = new ProcessStartInfo(helm) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "template", "admission-guard", chart, "--namespace", "admission-guard", "--kube-version", "1.34.2",
            "--set", "tls.certManager.enabled=false", "--set", "tls.existingSecret=admission-guard-tls",
            "--set-file", $"tls.caBundle={caFile}",
            "--show-only", "templates/validatingwebhookconfiguration.yaml",
            "--show-only", "templates/mutatingwebhookconfiguration.yaml",
        }.Concat(baseUrl is null ? [] : ["--set", $"webhook.url={baseUrl}"]))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start helm");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"helm template exited {process.ExitCode}: {await error.ConfigureAwait(false)}");
        }

        return await output.ConfigureAwait(false);
    }

    // clientConfig.service as the chart's webhookCommon helper renders it: name, namespace, path, port.
    [GeneratedRegex(@"service:\r?\n\s+name: \S+\r?\n\s+namespace: \S+\r?\n\s+path: (?<path>\S+)\r?\n\s+port: \d+")]
    private static partial Regex ServiceBlock();
}

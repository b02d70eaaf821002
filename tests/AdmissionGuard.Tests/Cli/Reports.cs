using System.Text.Json.Nodes;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>Reads the JSON report back.</summary>
internal static class Reports
{
    /// <summary>The SARIF 2.1.0 schema, copied next to the test binaries.</summary>
    public static string SarifSchema => Path.Combine(AppContext.BaseDirectory, "Cli", "Schemas", "sarif-schema-2.1.0.json");

    public static JsonObject Json(ProcessResult result)
    {
        var node = JsonNode.Parse(result.Stdout) as JsonObject;
        Assert.True(node is not null, "the JSON report is not a JSON object:\n" + result);
        return node;
    }

    /// <summary>The JSON report of a run that exited with <paramref name="exitCode"/>.</summary>
    public static JsonObject Json(ProcessResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        return Json(result);
    }

    public static IReadOnlyList<JsonObject> Findings(JsonObject report) =>
        report["findings"]!.AsArray().Select(f => f!.AsObject()).ToList();

    public static IReadOnlyList<JsonObject> Findings(JsonObject report, string policy, string result) =>
        Findings(report).Where(f => (string?)f["policy"] == policy && (string?)f["result"] == result).ToList();

    public static int Summary(JsonObject report, string field) => (int)report["summary"]![field]!;
}

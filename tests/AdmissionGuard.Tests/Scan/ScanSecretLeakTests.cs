using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Tests.Hardening;

namespace AdmissionGuard.Tests.Scan;

/// <summary>
/// Every fixture object that carries a secret value, stored in the stand-in as a live object and
/// scanned in every format, and applied as OpenReports: the value is read to judge it and appears
/// nowhere, neither as written nor base64-encoded: not on standard output, not on standard error,
/// not in any report the API server receives.
/// </summary>
public sealed class ScanSecretLeakTests
{
    [Fact]
    public async Task No_scan_output_nor_applied_report_carries_a_secret_value()
    {
        await using var server = await StandInApiServer.StartAsync();
        var values = new List<string>();
        var i = 0;
        foreach (var carrier in SecretLeakTests.Carriers)
        {
            var obj = carrier.Sample.Fixture["object"]!.DeepClone().AsObject();
            if (server.Namespaced(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>()) is not true)
            {
                continue;
            }

            var meta = (JsonObject)(obj["metadata"] ??= new JsonObject());
            meta["namespace"] = $"leak-{i++:D3}";
            meta["name"] ??= "unnamed";
            meta.Remove("ownerReferences");
            server.Add(LiveObjects.Prepare(obj, "helm"));
            values.AddRange(carrier.Values);
        }

        Assert.True(i >= 30, $"{i} objects with secret values stored");
        var forbidden = values.Distinct().SelectMany(v => new[] { v, Convert.ToBase64String(Encoding.UTF8.GetBytes(v)) }).ToArray();

        using var scan = new ScanProcess(server);
        foreach (var format in new[] { "text", "json", "sarif", "junit", "openreports" })
        {
            var result = scan.Run("--output", format, "--report-pass");
            Assert.True(result.ExitCode == 1, $"{format}: {result}");
            Assert.Contains("no-plaintext-secrets", result.Stdout);
            AssertNone(forbidden, result.All, format);
        }

        var applied = scan.Run("--apply", "--output", "json");
        Assert.True(applied.ExitCode == 1, applied.ToString());
        Assert.NotEmpty(server.Applies);
        AssertNone(forbidden, applied.All, "--apply output");
        Assert.Contains("no-plaintext-secrets", string.Concat(server.Applies.Select(a => a.Body)));
        foreach (var (path, _, body) in server.Applies)
        {
            AssertNone(forbidden, body, path);
        }
    }

    private static void AssertNone(IEnumerable<string> values, string text, string where)
    {
        foreach (var value in values)
        {
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"{where} contains a secret value ({value.Length} characters)");
        }
    }
}

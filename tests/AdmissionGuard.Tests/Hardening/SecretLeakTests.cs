using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Tests.Fixtures;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Cli;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// Every fixture that carries a secret value (a Secret's data and stringData, and each fixture's
/// <c>expect.secretValues</c>: tokens and keys in ConfigMaps, literal passwords in env) goes through
/// the webhook over HTTPS, every report format of <c>check</c>, and <c>post-render</c>; the value
/// appears nowhere, neither as written nor base64-encoded: not in answers (messages, warnings,
/// audit annotations, patches), not in the server's log (every level) or metrics, not in any report.
/// </summary>
public sealed class SecretLeakTests
{
    /// <summary>A fixture with the secret values it carries (six characters or more: shorter ones occur in ordinary words).</summary>
    internal sealed record Carrier(RealReviews.Sample Sample, IReadOnlyList<string> Values)
    {
        public string FileName => Sample.Name.Replace('/', '.') + ".json";
    }

    private static readonly Lazy<IReadOnlyList<Carrier>> All = new(FindCarriers);

    internal static IReadOnlyList<Carrier> Carriers => All.Value;

    [Fact]
    public void The_fixtures_carry_secret_values_of_every_kind()
    {
        // The proof below means something only if the fixtures hold Secrets, ConfigMap tokens and env literals.
        Assert.True(Carriers.Count >= 40, $"{Carriers.Count} fixtures carry secret values");
        foreach (var kind in new[] { "Secret", "ConfigMap", "Deployment" })
        {
            Assert.Contains(Carriers, c => (string?)c.Sample.Review["request"]!["object"]!["kind"] == kind);
        }
    }

    [Fact]
    public async Task The_webhook_never_shows_a_secret_value_in_answers_logs_or_metrics()
    {
        await using var server = await RunningServer.StartAsync(o => o with { LogLevel = "Trace" });
        var seen = new StringBuilder();
        var denied = 0;

        foreach (var carrier in Carriers)
        {
            var body = Encoding.UTF8.GetBytes(carrier.Sample.Json);
            foreach (var path in new[] { "/validate", "/mutate" })
            {
                var (status, answer) = await HttpInvariant.AnswerAsync(server.Client, path, body, carrier.Sample.Name);
                Assert.Equal(200, status);
                denied += answer["response"]!["allowed"]!.GetValue<bool>() ? 0 : 1;
                seen.AppendLine(answer.ToJsonString());
            }

            // Refused bodies too: cut off inside the first value, and with the object's values of the wrong type.
            foreach (var damaged in Damaged(carrier))
            {
                var (_, answer) = await HttpInvariant.AnswerAsync(server.Client, "/validate", damaged, carrier.Sample.Name + " (damaged)");
                seen.AppendLine(answer.ToJsonString());
            }
        }

        foreach (var entry in server.Logs.Entries)
        {
            seen.AppendLine(entry.Message);
            foreach (var (key, value) in entry.Fields)
            {
                seen.Append(key).Append('=').AppendLine(value?.ToString());
            }
        }

        seen.AppendLine(await server.Health.GetStringAsync("/metrics"));

        Assert.True(denied > Carriers.Count / 2, $"only {denied} denials: the policies did not look at the values");
        AssertNoValueIn(seen.ToString(), "the webhook");
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("junit")]
    public void No_check_report_format_shows_a_secret_value(string format)
    {
        using var directory = WriteObjects(Carriers);

        var result = CliProcess.Run("check", "--output", format, directory.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("no-plaintext-secrets", result.Stdout, StringComparison.Ordinal);
        AssertNoValueIn(result.All, $"check --output {format}");
    }

    [Fact]
    public void Post_render_shows_no_secret_value_when_it_refuses_a_chart()
    {
        var stream = string.Join("\n---\n", Carriers.Select(c => c.Sample.Review["request"]!["object"]!.ToJsonString()));

        var result = CliProcess.Run(["post-render"], stdin: stream);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("no-plaintext-secrets", result.Stderr, StringComparison.Ordinal);
        AssertNoValueIn(result.All, "post-render (refused)");
    }

    [Fact]
    public void Post_render_passes_allowed_objects_through_and_reports_nothing_secret()
    {
        // The objects check allows: post-render returns them (values and all, they are the chart) and says nothing of their values.
        using var directory = WriteObjects(Carriers);
        var report = JsonNode.Parse(CliProcess.Run("check", "--output", "json", directory.Path).Stdout)!;
        var deniedFiles = report["findings"]!.AsArray()
            .Where(f => (string?)f!["result"] == "deny")
            .Select(f => Path.GetFileName((string)f!["file"]!))
            .ToHashSet();
        var allowed = Carriers.Where(c => !deniedFiles.Contains(c.FileName)).ToArray();
        Assert.NotEmpty(allowed);
        var stream = string.Join("\n---\n", allowed.Select(c => c.Sample.Review["request"]!["object"]!.ToJsonString()));

        var result = CliProcess.Run(["post-render"], stdin: stream);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertNoValueIn(result.Stderr, "post-render (allowed) standard error");
        foreach (var carrier in allowed)
        {
            Assert.Contains((string)carrier.Sample.Review["request"]!["object"]!["metadata"]!["name"]!, result.Stdout, StringComparison.Ordinal);
        }

        // The control: the values are there in the manifests returned, so the search above can find them.
        Assert.Contains(allowed.SelectMany(c => c.Values), v => result.Stdout.Contains(v, StringComparison.Ordinal));
    }

    private static void AssertNoValueIn(string text, string where)
    {
        foreach (var carrier in Carriers)
        {
            foreach (var value in carrier.Values)
            {
                DecisionText.AssertAbsent(text, value, $"{where}, {carrier.Sample.Name}");
            }
        }
    }

    private static IEnumerable<byte[]> Damaged(Carrier carrier)
    {
        var json = carrier.Sample.Json;
        var at = carrier.Values.Select(v => json.IndexOf(v, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(json.Length / 2).First();
        yield return Encoding.UTF8.GetBytes(json[..(at + 3)]);

        var review = carrier.Sample.Review.DeepClone();
        foreach (var field in new[] { "data", "stringData" })
        {
            if (review["request"]!["object"]![field] is JsonObject values)
            {
                foreach (var key in values.Select(p => p.Key).ToArray())
                {
                    values[key] = 42;
                }
            }
        }

        yield return Encoding.UTF8.GetBytes(review.ToJsonString());
    }

    private static TempDirectory WriteObjects(IEnumerable<Carrier> carriers)
    {
        var directory = new TempDirectory();
        foreach (var carrier in carriers)
        {
            directory.Write(carrier.FileName, carrier.Sample.Review["request"]!["object"]!.ToJsonString());
        }

        return directory;
    }

    private static IReadOnlyList<Carrier> FindCarriers()
    {
        var carriers = new List<Carrier>();
        foreach (var sample in RealReviews.Fixtures())
        {
            var values = ((sample.Fixture["expect"]?["secretValues"] as JsonArray)?.Select(v => (string)v!) ?? [])
                .Concat(DecisionText.SecretValues((JsonObject)sample.Fixture["object"]!))
                .Concat(sample.Fixture["oldObject"] is JsonObject old ? DecisionText.SecretValues(old) : [])
                .Where(v => v.Length >= 6)
                .Distinct()
                .ToArray();
            if (values.Length > 0)
            {
                carriers.Add(new Carrier(sample, values));
            }
        }

        return carriers;
    }
}

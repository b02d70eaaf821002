using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text;

using AdmissionGuard.Testing;
using AdmissionGuard.Server.Admission;

namespace AdmissionGuard.Tests.Server;

/// <summary><c>admission-guard serve</c> as a process, as <c>make run</c> and the container start it.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Serves_with_a_generated_certificate_logs_JSON_lines_and_exits_0_on_SIGTERM()
    {
        using var serve = ServeProcess.Start(
            "serve", "--address", "127.0.0.1", "--port", "0", "--health-port", "0",
            "--generated-cert-dir", directory.Path, "--shutdown-delay", "0s");

        var listening = await serve.WaitForLineAsync(line => (int?)line["EventId"] == 30);
        var admission = (string)listening["State"]!["Admission"]!;
        var health = (string)listening["State"]!["Health"]!;

        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory.Path, "ca.crt")));
        using var client = CaTrust.Client(ca);
        using var response = await client.PostAsync(
            $"https://{admission}/validate",
            new StringContent(Reviews.ConfigMap("process-1", new JsonObject()), Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("process-1", (string?)Reviews.Response(await response.Content.ReadAsStringAsync())["uid"]);
        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync($"http://{health}/readyz")).StatusCode);

        var decision = await serve.WaitForLineAsync(line => (int?)line["EventId"] == 1);
        Assert.Equal("process-1", (string?)decision["State"]!["Uid"]);
        Assert.Equal("AdmissionGuard.Server.Admission.AdmissionEndpoints", (string?)decision["Category"]);
        Assert.NotNull(decision["Timestamp"]);

        Assert.Equal(0, await serve.TerminateAsync());
        Assert.All(serve.Lines, line => Assert.NotNull(JsonNode.Parse(line)));
    }

    [Fact]
    public async Task Refuses_invalid_flags_with_exit_code_2_and_says_why()
    {
        using var noKey = ServeProcess.Start("serve", "--tls-cert-file", "/nonexistent/tls.crt");
        Assert.Equal(2, await noKey.WaitForExitAsync());
        Assert.Contains("--tls-cert-file and --tls-key-file go together", noKey.Errors);

        using var small = ServeProcess.Start("serve", "--max-request-body-bytes", "1024");
        Assert.Equal(2, await small.WaitForExitAsync());
        Assert.Contains("6 MiB", small.Errors);

        using var badPort = ServeProcess.Start("serve", "--port", "https");
        Assert.Equal(2, await badPort.WaitForExitAsync());
        Assert.Contains("'https' is not a port number", badPort.Errors);
    }

    [Fact]
    public async Task Reads_its_settings_from_ADMISSION_GUARD_environment_variables()
    {
        using var serve = ServeProcess.Start(
            new Dictionary<string, string>
            {
                ["ADMISSION_GUARD_ADDRESS"] = "127.0.0.1",
                ["ADMISSION_GUARD_PORT"] = "0",
                ["ADMISSION_GUARD_HEALTH_PORT"] = "0",
                ["ADMISSION_GUARD_GENERATED_CERT_DIR"] = directory.Path,
                ["ADMISSION_GUARD_SHUTDOWN_DELAY"] = "0",
                ["ADMISSION_GUARD_FLUX_DECRYPTION_LOOKUP"] = "true",
            },
            "serve");

        var flux = await serve.WaitForLineAsync(line => (int?)line["EventId"] == 32);
        var listening = await serve.WaitForLineAsync(line => (int?)line["EventId"] == 30);

        Assert.Equal("off: not running in a cluster", (string?)flux["State"]!["State"]);
        Assert.StartsWith("127.0.0.1:", (string?)listening["State"]!["Admission"]);
        Assert.True(File.Exists(Path.Combine(directory.Path, "ca.crt")));
        Assert.Equal(0, await serve.TerminateAsync());
    }

    public void Dispose() => directory.Dispose();
}

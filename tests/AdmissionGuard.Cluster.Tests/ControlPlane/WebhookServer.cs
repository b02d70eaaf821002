using System.Globalization;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Cluster.Tests.ControlPlane;

/// <summary>
/// <c>admission-guard serve</c> as a process on free loopback ports, with a serving certificate
/// from the cluster's CA (so the chart's <c>tls.caBundle</c> is the cluster CA), its decision
/// lines in a log file beside the control plane's. Stop and start it again on the same ports to
/// see what the API server does while it is down.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(1);
    private static int instances;

    private readonly KubeControlPlane cluster;
    private readonly string[] arguments;
    private readonly string name;
    private readonly HttpClient health;
    private readonly HttpClient admission;
    private LoggedProcess? process;

    private readonly IReadOnlyDictionary<string, string> environment;

    private WebhookServer(KubeControlPlane cluster, IEnumerable<string> extraArguments, IReadOnlyDictionary<string, string>? environment)
    {
        this.cluster = cluster;
        this.environment = environment ?? new Dictionary<string, string>();
        name = "webhook-" + Interlocked.Increment(ref instances).ToString(CultureInfo.InvariantCulture);
        var ports = FreePorts.Take(2);
        Port = ports[0];
        HealthPort = ports[1];
        var (cert, key) = cluster.Pki.IssueServing(name);
        arguments =
        [
            "serve", "--address", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--health-port", HealthPort.ToString(CultureInfo.InvariantCulture),
            "--tls-cert-file", cert, "--tls-key-file", key, "--shutdown-delay", "0s", "--shutdown-timeout", "5s",
            .. extraArguments,
        ];
        health = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HealthPort}"), Timeout = TimeSpan.FromSeconds(10) };
        admission = CaTrust.Client(cluster.Pki.Ca);
        admission.BaseAddress = new Uri(Url);
    }

    public int Port { get; }

    public int HealthPort { get; }

    /// <summary>The base URL for the chart's <c>webhook.url</c>: https://127.0.0.1:PORT.</summary>
    public string Url => $"https://127.0.0.1:{Port}";

    public string LogFile => Path.Combine(cluster.LogDirectory, name + ".log");

    /// <summary>Starts the webhook (built-in policies unless <paramref name="extraArguments"/> say otherwise) and waits for /readyz.</summary>
    public static Task<WebhookServer> StartAsync(KubeControlPlane cluster, params string[] extraArguments) =>
        StartAsync(cluster, null, extraArguments);

    /// <summary>As <see cref="StartAsync(KubeControlPlane, string[])"/>, with environment variables (POD_NAME, say) set.</summary>
    public static async Task<WebhookServer> StartAsync(KubeControlPlane cluster, IReadOnlyDictionary<string, string>? environment, params string[] extraArguments)
    {
        var server = new WebhookServer(cluster, extraArguments, environment);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        if (process is { HasExited: false })
        {
            return;
        }

        process?.Dispose();
        var (fileName, args) = ChildProcess.AdmissionGuard(ChildProcess.AdmissionGuardDll, arguments);
        process = LoggedProcess.Start(name, fileName, args, LogFile, Path.Combine(cluster.WorkDirectory, name + ".pid"), environment);
        var deadline = DateTime.UtcNow + ReadyLimit;
        while (true)
        {
            try
            {
                if ((await health.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the webhook did not become ready; {LogFile}:\n{process.Tail()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM, waiting for the exit.</summary>
    public async Task StopAsync()
    {
        if (process is not null)
        {
            await process.StopAsync();
        }
    }

    /// <summary>
    /// Posts <paramref name="review"/> to <paramref name="path"/> (/validate or /mutate) the way the
    /// in-process tests simulate the API server; the answer's <c>response</c>.
    /// </summary>
    public async Task<System.Text.Json.Nodes.JsonObject> ReviewAsync(string path, System.Text.Json.Nodes.JsonObject review)
    {
        using var content = new StringContent(review.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await admission.PostAsync(path, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.Nodes.JsonNode.Parse(body)!["response"]!.AsObject();
    }

    /// <summary>The Prometheus text of /metrics.</summary>
    public Task<string> MetricsAsync() => health.GetStringAsync("/metrics");

    /// <summary>The sum of every series of metric <paramref name="metric"/> (0 when it has none).</summary>
    public async Task<double> MetricAsync(string metric)
    {
        var total = 0.0;
        foreach (var line in (await MetricsAsync()).Split('\n'))
        {
            if (line.StartsWith(metric + " ", StringComparison.Ordinal) || line.StartsWith(metric + "{", StringComparison.Ordinal))
            {
                total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>admission_guard_requests_total summed over the series whose labels contain every one of <paramref name="labelParts"/> (such as <c>endpoint="validate"</c>).</summary>
    public async Task<double> RequestCountAsync(params string[] labelParts)
    {
        var total = 0.0;
        foreach (var line in (await MetricsAsync()).Split('\n'))
        {
            if (line.StartsWith("admission_guard_requests_total{", StringComparison.Ordinal) && labelParts.All(p => line.Contains(p, StringComparison.Ordinal)))
            {
                total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>The decision lines (JSON) the webhook has written so far.</summary>
    public IReadOnlyList<string> DecisionLines()
    {
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Where(l => l.StartsWith('{'))];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        health.Dispose();
        admission.Dispose();
        File.Delete(Path.Combine(cluster.WorkDirectory, name + ".pid"));
    }
}

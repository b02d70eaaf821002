using System.Globalization;
using AdmissionGuard.ApiServerBench;
using AdmissionGuard.Cluster.Tests.ControlPlane;

// apiserver-bench [--creates N] [--rounds R] [--connections C] [--report FILE]
// Starts etcd, kube-apiserver and the webhook (ADMISSION_GUARD_EXECUTABLE, else the built dll),
// then alternates, round by round, N creates without and with the chart's webhook configurations
// registered (the order flips every round), and prints p50, p99 and throughput of each and the
// difference as a markdown table.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1], StringComparer.Ordinal);
var creates = int.Parse(options.GetValueOrDefault("creates", "1200"), CultureInfo.InvariantCulture);
var rounds = int.Parse(options.GetValueOrDefault("rounds", "3"), CultureInfo.InvariantCulture);
var connections = int.Parse(options.GetValueOrDefault("connections", "8"), CultureInfo.InvariantCulture);

var cluster = new KubeControlPlane();
await cluster.InitializeAsync();
try
{
    var webhook = await WebhookServer.StartAsync(cluster);
    await using (webhook)
    {
        using var api = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, e) => AdmissionGuard.Testing.CaTrust.Validate(cluster.Pki.Ca, c, e) },
        })
        {
            BaseAddress = new Uri(cluster.Server),
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
        };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", cluster.AdminToken);

        var results = new Dictionary<bool, List<Measurement>> { [false] = [], [true] = [] };
        var totalReviews = 0.0;
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var withWebhook in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                if (withWebhook)
                {
                    await ChartWebhooks.RegisterAsync(cluster, webhook);
                }
                else
                {
                    await ChartWebhooks.UnregisterAsync(cluster, webhook);
                }

                var ns = $"bench-{round}-{(withWebhook ? "with" : "without")}";
                cluster.CreateNamespace(ns);
                var reviewsBefore = await webhook.RequestCountAsync();
                var measurement = await CreateLoad.RunAsync(api, ns, round == 0 ? creates / 4 : creates, connections);
                var reviews = await webhook.RequestCountAsync() - reviewsBefore;
                Console.Error.WriteLine($"round {round} {(withWebhook ? "with" : "without")} webhook: {measurement.Latencies.Length} creates in {measurement.Wall.TotalSeconds:F1} s, {reviews} reviews, {measurement.Failures} failed");
                if (measurement.Failures > 0 || (withWebhook ? reviews < measurement.Latencies.Length : reviews > 0))
                {
                    throw new InvalidOperationException($"round {round}: {measurement.Failures} creates failed, {reviews} reviews for {measurement.Latencies.Length} creates");
                }

                // Round 0 warms up the API server, etcd, the webhook and the connections; it is not counted.
                if (round > 0)
                {
                    results[withWebhook].Add(measurement);
                }

                totalReviews += reviews;
            }
        }

        var table = BenchTable.Build(results[false], results[true], creates, rounds, connections, totalReviews);
        Console.WriteLine(table);
        if (options.GetValueOrDefault("report") is { } report)
        {
            File.WriteAllText(report, table);
        }
    }
}
finally
{
    await cluster.DisposeAsync();
}

return 0;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Cluster.Tests.ControlPlane;
using AdmissionGuard.Core.Compile;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Manifests;

// native-policy-bench [--creates N] [--rounds R] [--connections C] [--only validating|mutating] [--report FILE]
// Starts etcd and kube-apiserver (no webhook), then alternates, round by round, N creates without
// and with the compiled native policies installed (the order flips every round), and prints p50,
// p99 and throughput of each and the difference as a markdown table.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1], StringComparer.Ordinal);
var creates = int.Parse(options.GetValueOrDefault("creates", "1200"), CultureInfo.InvariantCulture);
var rounds = int.Parse(options.GetValueOrDefault("rounds", "3"), CultureInfo.InvariantCulture);
var connections = int.Parse(options.GetValueOrDefault("connections", "8"), CultureInfo.InvariantCulture);

var loaded = PolicyLoader.LoadDefaults();
var compilation = NativePolicyCompiler.Compile(loaded.Policies!, new KubeVersion(1, 34));
var only = options.GetValueOrDefault("only");
var policies = ManifestReader.Read(NativeYaml.ToText(compilation.Documents), "native.yaml").Select(d => d.Content!.AsObject())
    .Where(p => only is null || ((string)p["kind"]!).StartsWith(only == "mutating" ? "Mutating" : "Validating", StringComparison.Ordinal)).ToList();
var mutating = only != "validating";
var validating = only != "mutating";

var cluster = new KubeControlPlane();
await cluster.InitializeAsync();
try
{
    using var api = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        SslOptions = { RemoteCertificateValidationCallback = (_, c, _, e) => AdmissionGuard.Testing.CaTrust.Validate(cluster.Pki.Ca, c, e) },
    })
    {
        BaseAddress = new Uri(cluster.Server),
        DefaultRequestVersion = HttpVersion.Version11,
    };
    api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", cluster.AdminToken);

    var results = new Dictionary<bool, List<(double[] Latencies, TimeSpan Wall)>> { [false] = [], [true] = [] };
    for (var round = 0; round <= rounds; round++)
    {
        foreach (var native in round % 2 == 0 ? new[] { false, true } : [true, false])
        {
            await Install(api, policies, native, mutating, validating);
            var ns = $"bench-{round}-{(native ? "native" : "none")}";
            cluster.CreateNamespace(ns);
            var (latencies, wall, failures, marked) = await Load(api, ns, round == 0 ? creates / 4 : creates, connections);
            Console.Error.WriteLine($"round {round} {(native ? "with" : "without")} native policies: {latencies.Length} creates in {wall.TotalSeconds:F1} s, {failures} failed, {marked} claims marked");
            if (failures > 0 || (native && mutating ? marked == 0 : marked > 0))
            {
                throw new InvalidOperationException($"round {round}: {failures} creates failed, {marked} claims marked");
            }

            // Round 0 warms up the API server, etcd and the connections; it is not counted.
            if (round > 0)
            {
                results[native].Add((latencies, wall));
            }
        }
    }

    var table = Table(results[false], results[true]);
    Console.WriteLine(table);
    if (options.GetValueOrDefault("report") is { } report)
    {
        File.WriteAllText(report, table);
    }
}
finally
{
    await cluster.DisposeAsync();
}

string Table(List<(double[] Latencies, TimeSpan Wall)> without, List<(double[] Latencies, TimeSpan Wall)> with)
{
    static (double P50, double P99, double PerSecond) Stats(List<(double[] Latencies, TimeSpan Wall)> runs)
    {
        var all = runs.SelectMany(r => r.Latencies).Order().ToArray();
        double At(double q) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        return (At(0.50), At(0.99), all.Length / runs.Sum(r => r.Wall.TotalSeconds));
    }

    var a = Stats(without);
    var b = Stats(with);
    var sb = new StringBuilder();
    var which = only is null ? "the compiled native policies" : $"only the {only} native policies";
    sb.AppendLine(CultureInfo.InvariantCulture, $"Creates through kube-apiserver 1.34.2 (ConfigMaps, Deployments, Helm-marked claims in turn; {rounds} rounds of {creates}, {connections} connections, no webhook), {which}:");
    sb.AppendLine();
    sb.AppendLine("| | p50 ms | p99 ms | creates/s |");
    sb.AppendLine("|---|---:|---:|---:|");
    sb.AppendLine(CultureInfo.InvariantCulture, $"| without native policies | {a.P50:F2} | {a.P99:F2} | {a.PerSecond:F0} |");
    sb.AppendLine(CultureInfo.InvariantCulture, $"| with {which} | {b.P50:F2} | {b.P99:F2} | {b.PerSecond:F0} |");
    sb.AppendLine(CultureInfo.InvariantCulture, $"| added | {b.P50 - a.P50:+0.00;-0.00} | {b.P99 - a.P99:+0.00;-0.00} | {b.PerSecond - a.PerSecond:+0;-0} |");
    return sb.ToString();
}

// Installs (or removes) the native policies and waits until the API server marks (or no longer marks) a Helm claim
// and denies (or admits) a ConfigMap with an AWS key id.
static async Task Install(HttpClient api, List<JsonObject> policies, bool on, bool mutating, bool validating)
{
    foreach (var policy in policies)
    {
        var kind = (string)policy["kind"]!;
        var version = (string)policy["apiVersion"]!;
        var collection = $"/apis/{version}/{NativeMatch.Resource(new(string.Empty, string.Empty, kind))}";
        using var response = on
            ? await api.PostAsync(collection, new StringContent(policy.ToJsonString(), Encoding.UTF8, "application/json"))
            : await api.DeleteAsync($"{collection}/{policy["metadata"]!["name"]}");
        if (!response.IsSuccessStatusCode && response.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.NotFound))
        {
            throw new InvalidOperationException($"{kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    var deadline = DateTime.UtcNow.AddMinutes(1);
    while ((mutating && await Marked(api) != on) || (validating && await Denied(api) != on))
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new InvalidOperationException("the API server did not follow the native policies");
        }

        await Task.Delay(200);
    }
}

static async Task<bool> Denied(HttpClient api)
{
    const string Probe = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"probe"},"data":{"aws":"AKIAABCDEFGHIJKLMNOP"}}""";
    using var response = await api.PostAsync("/api/v1/namespaces/default/configmaps?dryRun=All", new StringContent(Probe, Encoding.UTF8, "application/json"));
    return response.StatusCode == HttpStatusCode.Forbidden;
}

static async Task<bool> Marked(HttpClient api)
{
    const string Probe = """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"probe"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""";
    using var response = await api.PostAsync("/api/v1/namespaces/default/persistentvolumeclaims?dryRun=All&fieldManager=helm", new StringContent(Probe, Encoding.UTF8, "application/json"));
    return (await response.Content.ReadAsStringAsync()).Contains("helm.sh/resource-policy", StringComparison.Ordinal);
}

// Creates from as many workers as connections: ConfigMaps, Deployments that roll on their ConfigMap, Helm claims.
static async Task<(double[] Latencies, TimeSpan Wall, int Failures, int Marked)> Load(HttpClient api, string ns, int count, int connections)
{
    const string ConfigMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings-@I"},"data":{"level":"@I","mode":"production"}}""";
    const string Deployment = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web-@I","labels":{"app.kubernetes.io/managed-by":"Helm"}},"spec":{"selector":{"matchLabels":{"app":"web-@I"}},"template":{"metadata":{"labels":{"app":"web-@I"},"annotations":{"checksum/config":"5f0c1e2d3b4a69788796a5b4c3d2e1f05f0c1e2d3b4a69788796a5b4c3d2e1f0"}},"spec":{"containers":[{"name":"web","image":"nginx:1.29","envFrom":[{"configMapRef":{"name":"settings-@I"}}],"env":[{"name":"LOG_LEVEL","value":"info"}]}]}}}}""";
    const string Claim = """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data-@I","labels":{"app.kubernetes.io/managed-by":"Helm"}},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""";
    var latencies = new double[count];
    var next = -1;
    var failures = 0;
    var marked = 0;
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var (path, template) = (i % 3) switch
            {
                0 => ($"/api/v1/namespaces/{ns}/configmaps", ConfigMap),
                1 => ($"/apis/apps/v1/namespaces/{ns}/deployments", Deployment),
                _ => ($"/api/v1/namespaces/{ns}/persistentvolumeclaims?fieldManager=helm", Claim),
            };
            using var content = new StringContent(template.Replace("@I", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), Encoding.UTF8, "application/json");
            var started = Stopwatch.GetTimestamp();
            using var response = await api.PostAsync(path, content);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"create {path} #{i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            else if (i % 3 == 2 && (await response.Content.ReadAsStringAsync()).Contains("helm.sh/resource-policy", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref marked);
            }
        }
    }));
    return (latencies, wall.Elapsed, failures, marked);
}

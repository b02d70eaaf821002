using System.Diagnostics;
using System.Net;
using System.Text;

namespace AdmissionGuard.ApiServerBench;

/// <summary>
/// Creates through the API server over HTTPS with the admin token, from <c>connections</c>
/// workers on as many HTTP/1.1 connections, each object of a kind the webhook sees (a
/// ConfigMap, a Deployment that rolls on its ConfigMap, a Helm-marked claim the webhook
/// annotates), every one allowed and stored. Returns each create's latency.
/// </summary>
internal static class CreateLoad
{
    public static async Task<Measurement> RunAsync(HttpClient api, string ns, int count, int connections)
    {
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var (path, body) = Object(ns, i);
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                var started = Stopwatch.GetTimestamp();
                using var response = await api.PostAsync(path, content);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failures);
                    Console.Error.WriteLine($"create {path} #{i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        });
        await Task.WhenAll(workers);
        return new Measurement(latencies, wall.Elapsed, failures);
    }

    private const string ConfigMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings-@I"},"data":{"level":"@I","mode":"production"}}""";

    private const string Deployment = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web-@I","labels":{"app.kubernetes.io/managed-by":"Helm"},"annotations":{"meta.helm.sh/release-name":"shop","meta.helm.sh/release-namespace":"@NS"}},"spec":{"selector":{"matchLabels":{"app":"web-@I"}},"template":{"metadata":{"labels":{"app":"web-@I"},"annotations":{"checksum/config":"5f0c1e2d3b4a69788796a5b4c3d2e1f05f0c1e2d3b4a69788796a5b4c3d2e1f0"}},"spec":{"containers":[{"name":"web","image":"nginx:1.29","envFrom":[{"configMapRef":{"name":"settings-@I"}}],"env":[{"name":"LOG_LEVEL","value":"info"}]}]}}}}""";

    private const string Claim = """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data-@I","labels":{"app.kubernetes.io/managed-by":"Helm"},"annotations":{"meta.helm.sh/release-name":"shop","meta.helm.sh/release-namespace":"@NS"}},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""";

    /// <summary>Object <paramref name="i"/>: ConfigMaps, Deployments and claims in turn.</summary>
    private static (string Path, string Body) Object(string ns, int i)
    {
        var (path, template) = (i % 3) switch
        {
            0 => ($"/api/v1/namespaces/{ns}/configmaps", ConfigMap),
            1 => ($"/apis/apps/v1/namespaces/{ns}/deployments", Deployment),
            _ => ($"/api/v1/namespaces/{ns}/persistentvolumeclaims?fieldManager=helm", Claim),
        };
        return (path, template.Replace("@NS", ns, StringComparison.Ordinal).Replace("@I", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }
}

/// <summary>The latencies (ms) of one run, its wall time and its failed creates.</summary>
internal sealed record Measurement(double[] Latencies, TimeSpan Wall, int Failures);

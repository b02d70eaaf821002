using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// Creates small Helm hook Jobs through the API server, as an apply does: one HTTP/2 connection
/// (what client-go and kubectl open) for the fixed rates, several HTTP/1.1 connections for
/// saturation. Server-side dry run (<c>?dryRun=All</c>: admitted, never stored) or real creates
/// (<c>generateName</c>, stored in etcd). Every Job carries a deadline, so every webhook allows it.
/// </summary>
internal sealed class HookJobLoad : IDisposable
{
    public const string Namespace = "cluster-bench";
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient single;
    private readonly HttpClient pool;

    public HookJobLoad(ControlPlane plane, int poolConnections)
    {
        single = plane.CreateClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) }, HttpVersion.Version20);
        pool = plane.CreateClient(new SocketsHttpHandler { MaxConnectionsPerServer = poolConnections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) }, HttpVersion.Version11);
    }

    public static byte[] Job(bool withDeadline) => Encoding.UTF8.GetBytes(
        "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"generateName\":\"db-migrate-\",\"namespace\":\"" + Namespace + "\"," +
        "\"labels\":{\"app.kubernetes.io/name\":\"shop\",\"app.kubernetes.io/instance\":\"shop\",\"app.kubernetes.io/managed-by\":\"Helm\"}," +
        "\"annotations\":{\"helm.sh/hook\":\"pre-upgrade\",\"helm.sh/hook-delete-policy\":\"before-hook-creation\",\"meta.helm.sh/release-name\":\"shop\",\"meta.helm.sh/release-namespace\":\"" + Namespace + "\"}}," +
        "\"spec\":{" + (withDeadline ? "\"activeDeadlineSeconds\":600," : string.Empty) + "\"backoffLimit\":0,\"template\":{\"spec\":{\"restartPolicy\":\"Never\"," +
        "\"containers\":[{\"name\":\"migrate\",\"image\":\"registry.example.com/shop/migrate:1.4.2\",\"command\":[\"/migrate\",\"--up\"]," +
        "\"resources\":{\"requests\":{\"cpu\":\"50m\",\"memory\":\"64Mi\"}}}]}}}}");

    private static readonly byte[] Allowed = Job(withDeadline: true);

    /// <summary>One create on the single HTTP/2 connection; true on 201.</summary>
    public Task<bool> CreateOnSingleAsync(bool dryRun) => CreateAsync(single, Allowed, dryRun);

    /// <summary>One create on the HTTP/1.1 pool; true on 201.</summary>
    public Task<bool> CreateOnPoolAsync(bool dryRun) => CreateAsync(pool, Allowed, dryRun);

    /// <summary>The status a dry-run create of the given Job gets (201 allowed, 4xx denied).</summary>
    public async Task<HttpStatusCode> DryRunStatusAsync(bool withDeadline)
    {
        using var response = await PostAsync(single, Job(withDeadline), dryRun: true).ConfigureAwait(false);
        return response.StatusCode;
    }

    public void Dispose()
    {
        single.Dispose();
        pool.Dispose();
    }

    private static async Task<bool> CreateAsync(HttpClient client, byte[] body, bool dryRun)
    {
        try
        {
            using var response = await PostAsync(client, body, dryRun).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.Created;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, bool dryRun)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/apis/batch/v1/namespaces/{Namespace}/jobs{(dryRun ? "?dryRun=All" : string.Empty)}", UriKind.Relative)) { Content = content };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        return response;
    }
}

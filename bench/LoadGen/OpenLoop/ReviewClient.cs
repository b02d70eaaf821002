using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AdmissionGuard.LoadGen.OpenLoop;

/// <summary>
/// HTTP/1.1 keep-alive over TLS with a fixed pool of connections, as the API server calls a
/// webhook. The server's certificate is self-signed and on 127.0.0.1, so it is not verified.
/// </summary>
internal sealed class ReviewClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient client;
    private readonly Uri url;
    private readonly byte[] body;
    private readonly byte[] expectedUid;

    public ReviewClient(Uri url, byte[] body, string uid, int connections, TimeSpan timeout)
    {
        this.url = url;
        this.body = body;
        expectedUid = Encoding.UTF8.GetBytes($"\"uid\":\"{uid}\"");
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        client = new HttpClient(handler)
        {
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = timeout,
        };
    }

    /// <summary>Sends the review once; true when the answer is 200 and echoes the uid.</summary>
    public async Task<bool> SendAsync()
    {
        try
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK && answer.AsSpan().IndexOf(expectedUid) >= 0;
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

    /// <summary>Opens every connection of the pool (the pool opens one only when all are busy).</summary>
    public async Task OpenConnectionsAsync(int connections)
    {
        for (var round = 0; round < 3; round++)
        {
            var burst = new Task<bool>[connections];
            for (var i = 0; i < connections; i++)
            {
                burst[i] = SendAsync();
            }

            await Task.WhenAll(burst).ConfigureAwait(false);
        }
    }

    public void Dispose() => client.Dispose();
}

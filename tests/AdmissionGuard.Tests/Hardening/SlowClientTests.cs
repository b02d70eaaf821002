using System.Net.Sockets;
using System.Net;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// Slow clients cannot pin the server: a body trickled byte by byte, headers that never end, a
/// TLS handshake never finished, an idle connection; each is cut off by the limits in
/// <see cref="ConnectionLimits"/> (shortened here to seconds), while other clients keep getting answers.
/// </summary>
public sealed class SlowClientTests() : ServerPerTest(ShortLimits)
{
    /// <summary>How long a cut-off may take at most here: the shortened limit plus Kestrel's one-second heartbeat, with room for a loaded machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private static ServerOptions ShortLimits(ServerOptions o) => o with
    {
        Limits = o.Limits with
        {
            TlsHandshakeTimeout = TimeSpan.FromSeconds(1),
            RequestHeadersTimeout = TimeSpan.FromSeconds(1),
            KeepAliveTimeout = TimeSpan.FromSeconds(2),
            MinRequestBodyBytesPerSecond = 100,
            MinRequestBodyGracePeriod = TimeSpan.FromSeconds(2),
        },
    };

    [Fact]
    public async Task A_body_sent_one_byte_per_second_is_cut_off_with_408_while_other_clients_are_answered()
    {
        var review = RealReviews.Fixture("hook-deadline/deny.helm-pre-install-hook-without-deadline").Json;
        await using var slow = await RawTlsConnection.OpenAsync(Server.AdmissionUri);
        await using var others = new BackgroundReviews(Server);
        Assert.True(await slow.TrySendAsync(
            $"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {review.Length}\r\n\r\n"));

        var sent = await slow.TrickleAsync(review, OneSecond);

        Assert.True(sent < review.Length, "the whole body was accepted at one byte per second");
        Assert.True(await slow.WaitClosedAsync(Bound), "the connection stayed open");
        Assert.Equal(408, slow.Status);
        await others.AssertAllAnsweredAsync();
    }

    [Fact]
    public async Task Headers_that_never_end_are_cut_off_while_other_clients_are_answered()
    {
        await using var others = new BackgroundReviews(Server);
        var connections = new List<RawTlsConnection>();
        try
        {
            // Twenty clients at once, each sending its headers one character every 200 ms, forever.
            for (var i = 0; i < 20; i++)
            {
                connections.Add(await RawTlsConnection.OpenAsync(Server.AdmissionUri));
            }

            var endless = "POST /validate HTTP/1.1\r\nHost: localhost\r\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"X-Slow-{i}: {i}\r\n"));
            var sent = await Task.WhenAll(connections.Select(c => c.TrickleAsync(endless, TimeSpan.FromMilliseconds(200))));

            Assert.All(sent, count => Assert.True(count < endless.Length, "all headers were sent without a cut-off"));
            foreach (var connection in connections)
            {
                Assert.True(await connection.WaitClosedAsync(Bound), "a connection stayed open");
                Assert.Equal(408, connection.Status);
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        await others.AssertAllAnsweredAsync();
    }

    [Fact]
    public async Task Headers_larger_than_the_limit_are_refused_with_431()
    {
        await using var connection = await RawTlsConnection.OpenAsync(Server.AdmissionUri);
        var huge = new string('h', 1000);
        var headers = string.Concat(Enumerable.Range(0, 20).Select(i => $"X-Big-{i}: {huge}\r\n"));

        await connection.TrySendAsync($"POST /validate HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n");

        Assert.True(await connection.WaitClosedAsync(Bound), "the connection stayed open");
        Assert.Equal(431, connection.Status);
    }

    [Fact]
    public async Task A_TLS_handshake_never_started_or_never_finished_is_closed()
    {
        using var silent = new TcpClient();
        await silent.ConnectAsync(IPAddress.Loopback, Server.AdmissionUri.Port);
        using var partial = new TcpClient();
        await partial.ConnectAsync(IPAddress.Loopback, Server.AdmissionUri.Port);

        // The first bytes of a TLS record header announcing a ClientHello that never comes.
        await partial.GetStream().WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 });

        Assert.True(await ClosedByServerAsync(silent), "a silent connection stayed open");
        Assert.True(await ClosedByServerAsync(partial), "a half-sent handshake stayed open");
    }

    [Fact]
    public async Task An_idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout()
    {
        var review = RealReviews.Fixture("keep-stateful/mutate.helm-pvc-with-existing-annotations").Json;
        await using var connection = await RawTlsConnection.OpenAsync(Server.AdmissionUri);

        await connection.TrySendAsync($"POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {review.Length}\r\n\r\n{review}");

        Assert.True(await connection.WaitClosedAsync(Bound), "the idle connection stayed open");
        Assert.Equal(200, connection.Status);
    }

    private static async Task<bool> ClosedByServerAsync(TcpClient client)
    {
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            while (await client.GetStream().ReadAsync(buffer, timeout.Token) > 0)
            {
                // An alert may come before the close.
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A well-behaved client posting a real review every 100 ms until disposed; every answer must be 200.</summary>
    private sealed class BackgroundReviews : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly HttpClient client;
        private readonly Task<List<string>> running;

        public BackgroundReviews(RunningServer server)
        {
            var review = RealReviews.Fixture("config-checksum/deny.config-map-volume-without-checksum").Json;

            // Idle connections are let go before the shortened keep-alive timeout closes them under a request.
            client = server.CreateAdmissionClient(handler => handler.PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(500));
            running = Task.Run(async () =>
            {
                var problems = new List<string>();
                var answered = 0;
                while (!stop.IsCancellationRequested)
                {
                    using var content = new StringContent(review, System.Text.Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync("/validate", content);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        problems.Add($"{(int)response.StatusCode}");
                    }

                    answered++;
                    await Task.Delay(100).ConfigureAwait(false);
                }

                if (answered == 0)
                {
                    problems.Add("no review was answered");
                }

                return problems;
            });
        }

        public async Task AssertAllAnsweredAsync()
        {
            await stop.CancelAsync();
            Assert.Empty(await running);
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (HttpRequestException)
            {
                // Reported by AssertAllAnsweredAsync when it matters.
            }

            stop.Dispose();
            client.Dispose();
        }
    }
}

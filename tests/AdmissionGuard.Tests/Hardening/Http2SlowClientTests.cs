using System.Net;
using System.Text;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// Slow clients over HTTP/2: streams whose body arrives a byte at a time, or never, are cut off
/// by the body rate limit (shortened here to seconds) while other clients keep being answered.
/// </summary>
public sealed class Http2SlowClientTests() : ServerPerTest(ShortBodyRateLimit)
{
    /// <summary>How long a cut-off may take at most here: the shortened grace period plus Kestrel's heartbeat, with room for a loaded machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static ServerOptions ShortBodyRateLimit(ServerOptions o) => o with
    {
        Limits = o.Limits with
        {
            MinRequestBodyBytesPerSecond = 100,
            MinRequestBodyGracePeriod = TimeSpan.FromSeconds(2),
        },
    };

    [Fact]
    public async Task Streams_that_trickle_or_never_send_their_body_are_cut_off_while_other_clients_are_answered()
    {
        var review = RealReviews.Fixture("config-checksum/deny.config-map-volume-without-checksum").Json;
        using var stop = new CancellationTokenSource();
        using var slowClient = Http2Client();
        using var otherClient = Http2Client();

        // Ten streams on one connection: five send a byte every half second, five send nothing after their headers.
        var slow = Enumerable.Range(0, 10)
            .Select(i => SendAsync(slowClient, new SlowContent(Encoding.UTF8.GetBytes(review), i % 2 == 0 ? TimeSpan.FromMilliseconds(500) : null, stop.Token)))
            .ToArray();
        var others = Task.Run(async () =>
        {
            var statuses = new List<HttpStatusCode>();
            while (!slow.All(t => t.IsCompleted) && statuses.Count < 1000)
            {
                using var content = new StringContent(review, Encoding.UTF8, "application/json");
                using var response = await otherClient.PostAsync("/validate", content);
                statuses.Add(response.StatusCode);
                await Task.Delay(100);
            }

            return statuses;
        });

        var outcomes = await Task.WhenAll(slow).WaitAsync(Bound);
        await stop.CancelAsync();
        var answered = await others.WaitAsync(Bound);

        Assert.All(outcomes, outcome => Assert.True(outcome is "reset" or "408", $"a slow stream ended with {outcome}"));
        Assert.NotEmpty(answered);
        Assert.All(answered, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(0, await Server.MetricAsync("admission_guard_http_errors_total{endpoint=\"validate\",reason=\"internal_error\"}"));
    }

    private HttpClient Http2Client()
    {
        var client = Server.CreateAdmissionClient(_ => { });
        client.DefaultRequestVersion = HttpVersion.Version20;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        client.Timeout = Bound * 2;
        return client;
    }

    /// <summary>"408" when the server answered so, "reset" when it cut the stream; anything else is a failure to cut off.</summary>
    private static async Task<string> SendAsync(HttpClient client, HttpContent content)
    {
        try
        {
            using var response = await client.PostAsync("/validate", content);
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return "reset";
        }
        catch (IOException)
        {
            return "reset";
        }
    }

    /// <summary>A JSON body sent one byte per <c>interval</c>, or (interval null) never sent after the headers.</summary>
    private sealed class SlowContent : HttpContent
    {
        private readonly byte[] bytes;
        private readonly TimeSpan? interval;
        private readonly CancellationToken stop;

        public SlowContent(byte[] bytes, TimeSpan? interval, CancellationToken stop)
        {
            this.bytes = bytes;
            this.interval = interval;
            this.stop = stop;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            try
            {
                if (interval is not { } every)
                {
                    await Task.Delay(Timeout.Infinite, stop);
                    return;
                }

                foreach (var b in bytes)
                {
                    await stream.WriteAsync(new[] { b }, stop);
                    await stream.FlushAsync(stop);
                    await Task.Delay(every, stop);
                }
            }
            catch (OperationCanceledException)
            {
                // The test is over.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}

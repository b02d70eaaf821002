using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Server;

/// <summary>On shutdown, readiness turns false while the webhook still serves, and a review in flight is answered.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Readiness_turns_503_on_shutdown_and_a_review_in_flight_still_gets_its_answer()
    {
        await using var server = await RunningServer.StartAsync(
            o => o with { ShutdownDelay = TimeSpan.FromSeconds(3) },
            ConfigMapPolicies.Set());
        using (var ready = await server.Health.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // A review whose body arrives in two parts: the second only once the listeners have closed.
        var review = Encoding.UTF8.GetBytes(Reviews.ConfigMap("in-flight", new JsonObject { ["forbidden"] = "x" }));
        var rest = new TaskCompletionSource();
        var firstPartSent = new TaskCompletionSource();
        using var content = new TwoPartContent(review, firstPartSent, rest.Task);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var inFlight = server.Client.PostAsync("/validate", content);
        await firstPartSent.Task;

        var stopping = server.StopAsync();

        using (var notReady = await server.Health.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("shutting down", (string?)JsonNode.Parse(await notReady.Content.ReadAsStringAsync())!["status"]);
        }

        await Eventually.GetAsync(() => Task.FromResult(Refuses(server.HealthUri.Port)), refused => refused, "the listeners close after the delay");
        Assert.False(stopping.IsCompleted);

        rest.SetResult();
        using var response = await inFlight;
        var answer = Reviews.Response(await response.Content.ReadAsStringAsync());
        Assert.Equal("in-flight", (string?)answer["uid"]);
        Assert.False((bool)answer["allowed"]!);
        await stopping;
    }

    private static bool Refuses(int port)
    {
        try
        {
            using var tcp = new TcpClient();
            tcp.Connect(IPAddress.Loopback, port);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Sends half the body, then waits before sending the rest.</summary>
    private sealed class TwoPartContent(byte[] body, TaskCompletionSource firstPartSent, Task rest) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = body.Length / 2;
            await stream.WriteAsync(body.AsMemory(0, half));
            await stream.FlushAsync();
            firstPartSent.TrySetResult();
            await rest;
            await stream.WriteAsync(body.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}

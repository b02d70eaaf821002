using System.Text;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// A body over the limit sent without <c>Expect: 100-continue</c>, by a client that writes the
/// whole body before it reads (as the API server does), gets its 413: the server reads and
/// discards up to a bounded amount past the limit, then answers on a connection that stays
/// usable. Past that amount it answers at once and closes.
/// </summary>
public sealed class OversizedBodyTests() : ServerPerTest(DrainingLimits)
{
    private const int Limit = 6 * 1024 * 1024;
    private const int Drain = 1024 * 1024;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static ServerOptions DrainingLimits(ServerOptions o) => o with
    {
        MaxRequestBodyBytes = Limit,
        Limits = o.Limits with { OversizedBodyDrainBytes = Drain },
    };

    [Fact]
    public async Task A_declared_body_over_the_limit_written_whole_before_reading_gets_413_and_the_connection_serves_the_next_review()
    {
        await using var connection = await RawTlsConnection.OpenAsync(Server.AdmissionUri, readAtOnce: false);
        var length = Limit + (Drain / 2);

        Assert.True(await connection.TrySendAsync(Headers($"Content-Length: {length}")), "the headers were not accepted");
        Assert.True(await SendFillerAsync(connection, length), "the server broke the connection before the body was written whole");
        connection.StartReading();

        Assert.True(await connection.WaitReceivedAsync(r => r.Contains("body_too_large", StringComparison.Ordinal), Bound), connection.Received);
        Assert.Equal(413, connection.Status);
        var review = Review();
        Assert.True(await connection.TrySendAsync(Headers($"Content-Length: {Encoding.UTF8.GetByteCount(review)}") + review));
        Assert.True(await connection.WaitReceivedAsync(r => r.Contains("HTTP/1.1 200", StringComparison.Ordinal), Bound), connection.Received);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_written_whole_before_reading_gets_413()
    {
        await using var connection = await RawTlsConnection.OpenAsync(Server.AdmissionUri, readAtOnce: false);
        var chunk = Encoding.ASCII.GetBytes($"{64 * 1024:x}\r\n{new string(' ', 64 * 1024)}\r\n");
        var chunks = (Limit + (Drain / 2)) / (64 * 1024);

        Assert.True(await connection.TrySendAsync(Headers("Transfer-Encoding: chunked")));
        for (var i = 0; i < chunks; i++)
        {
            Assert.True(await connection.TrySendAsync(chunk), $"the server broke the connection after {i} of {chunks} chunks");
        }

        Assert.True(await connection.TrySendAsync("0\r\n\r\n"));
        connection.StartReading();

        Assert.True(await connection.WaitReceivedAsync(r => r.Contains("body_too_large", StringComparison.Ordinal), Bound), connection.Received);
        Assert.Equal(413, connection.Status);
    }

    [Fact]
    public async Task A_body_declared_past_the_drained_amount_is_answered_413_at_once_and_the_connection_closed()
    {
        await using var connection = await RawTlsConnection.OpenAsync(Server.AdmissionUri);

        Assert.True(await connection.TrySendAsync(Headers($"Content-Length: {Limit + Drain + 1}")));

        Assert.True(await connection.WaitClosedAsync(Bound), "the connection stayed open");
        Assert.Equal(413, connection.Status);
        Assert.Contains("Connection: close", connection.Received, StringComparison.OrdinalIgnoreCase);
    }

    private static string Headers(string framing) =>
        $"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n{framing}\r\n\r\n";

    private static string Review() => RealReviews.Fixture("config-checksum/deny.config-map-volume-without-checksum").Json;

    /// <summary>Writes <paramref name="length"/> spaces in 64 KiB writes; false when a write failed.</summary>
    private static async Task<bool> SendFillerAsync(RawTlsConnection connection, int length)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        for (var sent = 0; sent < length; sent += chunk.Length)
        {
            if (!await connection.TrySendAsync(chunk.AsMemory(0, Math.Min(chunk.Length, length - sent))))
            {
                return false;
            }
        }

        return true;
    }
}

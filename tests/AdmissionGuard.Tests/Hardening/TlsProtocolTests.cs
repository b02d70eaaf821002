using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// The admission port speaks TLS 1.2 and 1.3 only, and only TLS: a TLS 1.0 or 1.1 ClientHello
/// gets an alert or a closed connection, never a ServerHello, and plaintext HTTP gets no answer.
/// </summary>
public sealed class TlsProtocolTests : ServerPerTest
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task A_TLS_handshake_of_version_1_2_or_1_3_succeeds_with_the_localhost_certificate_and_a_review_is_answered(SslProtocols protocol)
    {
        var handshake = await Server.HandshakeAsync(protocol);
        Assert.Equal(protocol, handshake.Protocol);
        Assert.Equal("CN=localhost", handshake.Certificate.Subject);

        var review = RealReviews.Fixture("keep-stateful/mutate.helm-pvc-with-existing-annotations");
        await using var connection = await RawTlsConnection.OpenAsync(Server.AdmissionUri, protocol);
        await connection.TrySendAsync(
            $"POST /mutate HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(review.Json)}\r\n\r\n{review.Json}");
        Assert.True(await connection.WaitClosedAsync(Bound));
        Assert.Equal(200, connection.Status);
        Assert.Contains(review.Uid, connection.Received, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClientHello.Tls10)]
    [InlineData(ClientHello.Tls11)]
    public async Task A_ClientHello_offering_at_most_TLS_1_0_or_1_1_gets_no_ServerHello(ushort version)
    {
        var reply = await SendHelloAsync(ClientHello.Build(version));

        // An alert (protocol_version) or a closed connection; a ServerHello would mean the old version was accepted.
        Assert.True(reply is null || reply.IsAlert, $"answered {reply}");
        Assert.False(reply?.IsServerHello ?? false);
    }

    [Fact]
    public async Task The_same_handwritten_ClientHello_offering_TLS_1_2_gets_a_TLS_1_2_ServerHello()
    {
        // The control for the test above: the hello is well-formed, only its version is refused.
        var reply = await SendHelloAsync(ClientHello.Build(ClientHello.Tls12));

        Assert.NotNull(reply);
        Assert.True(reply.IsServerHello, $"answered {reply}");
        Assert.Equal(ClientHello.Tls12, reply.ServerVersion);
    }

    [Fact]
    public async Task Plaintext_HTTP_on_the_admission_port_gets_no_HTTP_answer()
    {
        var review = RealReviews.Fixture("hook-deadline/deny.helm-pre-install-hook-without-deadline").Json;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Server.AdmissionUri.Port);
        var request = $"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(review)}\r\n\r\n{review}";
        await tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(request));

        var answer = await ReadUntilClosedAsync(tcp);

        Assert.DoesNotContain("HTTP/1.1", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("AdmissionReview", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HTTP_client_using_http_on_the_admission_port_gets_no_review()
    {
        using var plain = new HttpClient { Timeout = Bound };
        var review = RealReviews.Fixture("hook-deadline/deny.helm-pre-install-hook-without-deadline").Json;
        using var content = new StringContent(review, Encoding.UTF8, "application/json");

        try
        {
            using var response = await plain.PostAsync($"http://127.0.0.1:{Server.AdmissionUri.Port}/validate", content);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("AdmissionReview", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            // The connection was closed without an answer.
        }
    }

    private async Task<ClientHello.Reply?> SendHelloAsync(byte[] hello)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Server.AdmissionUri.Port);
        await tcp.GetStream().WriteAsync(hello);
        var data = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            int read;
            while (data.Count < 11 && (read = await tcp.GetStream().ReadAsync(buffer, timeout.Token)) > 0)
            {
                data.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
            // Reset by the server: nothing more to read.
        }

        return ClientHello.ParseFirstRecord(data.ToArray());
    }

    private static async Task<string> ReadUntilClosedAsync(TcpClient tcp)
    {
        var data = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            int read;
            while ((read = await tcp.GetStream().ReadAsync(buffer, timeout.Token)) > 0)
            {
                data.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset: the server closed without reading the rest.
        }

        return Encoding.Latin1.GetString(data.ToArray());
    }
}

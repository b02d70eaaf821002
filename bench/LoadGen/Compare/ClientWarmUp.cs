using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>
/// Runs the load generator's own HTTPS client code (sockets, TLS, HTTP/1.1) against a minimal
/// TLS responder inside this process, so that the first review sent to a real server does not
/// also pay for compiling the client.
/// </summary>
internal static class ClientWarmUp
{
    public static async Task RunAsync(string certFile, string keyFile, byte[] review, string uid)
    {
        using var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        using var serving = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var answer = Encoding.ASCII.GetBytes($"{{\"response\":{{\"uid\":\"{uid}\",\"allowed\":true}}}}");
            for (var i = 0; i < 3; i++)
            {
                var served = ServeOneConnectionAsync(listener, serving, answer);
                var result = await FirstReview.MeasureAsync(new Uri($"https://127.0.0.1:{port}/validate"), review, uid).ConfigureAwait(false);
                await served.ConfigureAwait(false);
                if (!result.Ok)
                {
                    throw new InvalidOperationException("the load generator's client warm-up got no answer from its own responder");
                }
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Answers every request on one connection with 200 and <paramref name="answer"/>, until the client closes.</summary>
    private static async Task ServeOneConnectionAsync(TcpListener listener, X509Certificate2 certificate, byte[] answer)
    {
        using var tcp = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        }).ConfigureAwait(false);
        var header = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {answer.Length}\r\n\r\n");
        var pending = new List<byte>();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var end = IndexOf(pending, "\r\n\r\n"u8);
            if (end >= 0)
            {
                var headers = Encoding.ASCII.GetString(pending.GetRange(0, end).ToArray());
                var length = ContentLength(headers);
                if (pending.Count >= end + 4 + length)
                {
                    pending.RemoveRange(0, end + 4 + length);
                    await tls.WriteAsync(header).ConfigureAwait(false);
                    await tls.WriteAsync(answer).ConfigureAwait(false);
                    await tls.FlushAsync().ConfigureAwait(false);
                    continue;
                }
            }

            int read;
            try
            {
                read = await tls.ReadAsync(buffer).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return;
            }

            if (read == 0)
            {
                return;
            }

            pending.AddRange(buffer.AsSpan(0, read));
        }
    }

    private static int ContentLength(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> pattern)
    {
        for (var i = 0; i + pattern.Length <= bytes.Count; i++)
        {
            var match = true;
            for (var j = 0; j < pattern.Length && match; j++)
            {
                match = bytes[i + j] == pattern[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}

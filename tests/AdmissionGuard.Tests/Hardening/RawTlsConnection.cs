using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// A TLS connection to the admission port driven byte by byte, for what HttpClient will not do:
/// stall mid-header, trickle a body, or watch the server close the connection. The certificate
/// is accepted as presented (these tests are about the connection, not about trust).
/// </summary>
internal sealed class RawTlsConnection : IAsyncDisposable
{
    private readonly TcpClient tcp;
    private readonly SslStream tls;
    private readonly MemoryStream received = new();
    private Task? reading;

    private RawTlsConnection(TcpClient tcp, SslStream tls)
    {
        this.tcp = tcp;
        this.tls = tls;
    }

    /// <summary>Everything the server sent so far, as text.</summary>
    public string Received
    {
        get
        {
            lock (received)
            {
                return Encoding.UTF8.GetString(received.ToArray());
            }
        }
    }

    /// <summary>True once the server closed (or reset) the connection.</summary>
    public bool Closed => reading?.IsCompleted == true;

    /// <summary>The status code of the server's answer, or null if it sent none.</summary>
    public int? Status => Received is ['H', 'T', 'T', 'P', '/', _, _, _, ' ', _, _, _, ..] text
        && int.TryParse(text.AsSpan(9, 3), out var status) ? status : null;

    /// <param name="readAtOnce">
    /// False for a client that writes its whole request before it reads anything (the server's
    /// answer stays in the socket until <see cref="StartReading"/>).
    /// </param>
    public static async Task<RawTlsConnection> OpenAsync(Uri server, SslProtocols protocols = SslProtocols.None, bool readAtOnce = true)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        var connection = new RawTlsConnection(tcp, tls);
        if (readAtOnce)
        {
            connection.StartReading();
        }

        return connection;
    }

    /// <summary>Starts reading what the server sends (at once unless opened with <c>readAtOnce: false</c>).</summary>
    public void StartReading() => reading ??= ReadUntilClosedAsync();

    /// <summary>Waits until what was received satisfies <paramref name="done"/>; false if it does not within <paramref name="bound"/>.</summary>
    public async Task<bool> WaitReceivedAsync(Func<string, bool> done, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!done(Received))
        {
            if (DateTime.UtcNow > deadline || Closed)
            {
                return done(Received);
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Sends text (ASCII); false when the server has already closed the connection.</summary>
    public Task<bool> TrySendAsync(string text) => TrySendAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>Sends bytes; false when the server has already closed the connection.</summary>
    public async Task<bool> TrySendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await tls.WriteAsync(bytes);
            await tls.FlushAsync();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends <paramref name="text"/> one character per <paramref name="interval"/> until all is
    /// sent or the server closes the connection. Returns how many characters went out.
    /// </summary>
    public async Task<int> TrickleAsync(string text, TimeSpan interval)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (Closed || !await TrySendAsync(text[i].ToString()))
            {
                return i;
            }

            await Task.WhenAny(reading!, Task.Delay(interval));
        }

        return text.Length;
    }

    /// <summary>Waits until the server closes the connection; false if it is still open after <paramref name="bound"/>.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan bound) =>
        await Task.WhenAny(reading!, Task.Delay(bound)) == reading;

    private async Task ReadUntilClosedAsync()
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await tls.ReadAsync(buffer)) > 0)
            {
                lock (received)
                {
                    received.Write(buffer, 0, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or AuthenticationException)
        {
            // A reset is a close too.
        }
    }

    public async ValueTask DisposeAsync()
    {
        tls.Dispose();
        tcp.Dispose();
        if (reading is not null)
        {
            await reading;
        }
    }
}

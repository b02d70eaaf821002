using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Soak;

/// <summary>
/// The API servers of the run: parallel clients, three quarters on HTTP/1.1 connections and a
/// quarter multiplexed over HTTP/2, each connection renewed after a short lifetime so that new
/// handshakes meet the certificates being swapped. Every answer is compared byte for byte with
/// the two expected answers of its review.
/// </summary>
internal sealed class LoadClients : IDisposable
{
    private const int MismatchExamples = 5;

    private readonly Expectations expectations;
    private readonly SoakOptions options;
    private readonly Certificates certificates;
    private readonly int port;
    private readonly HttpClient http1;
    private readonly HttpClient http2;
    private readonly ConcurrentQueue<string> problems = new();
    private long requests;
    private long underA;
    private long underB;
    private long underEither;
    private long mismatches;
    private long errors;
    private long connectionsOpened;

    public LoadClients(int port, SoakOptions options, Certificates certificates, Expectations expectations)
    {
        this.options = options;
        this.certificates = certificates;
        this.port = port;
        this.expectations = expectations;
        var baseAddress = new Uri($"https://127.0.0.1:{port}");
        http1 = new HttpClient(Handler(Math.Max(1, options.Connections - Http2Clients))) { BaseAddress = baseAddress };
        http2 = new HttpClient(Handler(1)) { BaseAddress = baseAddress, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
    }

    public int Http2Clients => options.Connections / 4;

    /// <summary>Serving certificates presented to the clients' handshakes, by thumbprint.</summary>
    public ConcurrentDictionary<string, long> CertificatesSeen { get; } = new();

    public long Requests => Interlocked.Read(ref requests);

    public long UnderA => Interlocked.Read(ref underA);

    public long UnderB => Interlocked.Read(ref underB);

    public long UnderEither => Interlocked.Read(ref underEither);

    public long Mismatches => Interlocked.Read(ref mismatches);

    public long Errors => Interlocked.Read(ref errors);

    public long ConnectionsOpened => Interlocked.Read(ref connectionsOpened);

    public IEnumerable<string> Problems => problems;

    /// <summary>Runs every client until the deadline (or its request bound).</summary>
    public Task RunAsync(Stopwatch clock, TimeSpan until) =>
        Task.WhenAll(Enumerable.Range(0, options.Connections).Select(i => Task.Run(() => ClientAsync(i, clock, until))));

    /// <summary>Sends every review once, one at a time; returns how many answers were not the expected one of set A.</summary>
    /// <summary>The thumbprint of the certificate a new TLS connection to the server is shown.</summary>
    public async Task<string> PresentedCertificateAsync()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        string? seen = null;
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                seen = certificate?.GetCertHashString();
                return CaTrust.Validate(certificates.Ca, certificate, errors);
            },
        });
        return seen ?? string.Empty;
    }

    /// <summary>Sends every review once; returns how many were not answered as <paramref name="set"/> answers them.</summary>
    public async Task<int> CheckEveryReviewAsync(Func<Expectations.Case, byte[]> underSet, string set)
    {
        var wrong = 0;
        foreach (var expected in expectations.Cases)
        {
            var answer = await SendAsync(http1, expected);
            if (answer is null || !answer.AsSpan().SequenceEqual(underSet(expected)))
            {
                wrong++;
                Problem($"once set {set} was in force, {expected.Path} {expected.Name} was not answered as under it");
            }
        }

        return wrong;
    }

    private async Task ClientAsync(int index, Stopwatch clock, TimeSpan until)
    {
        var random = new Random(index);
        var client = index < Http2Clients ? http2 : http1;
        for (long sent = 0; sent < options.MaxRequestsPerClient && clock.Elapsed < until; sent++)
        {
            var expected = expectations.Cases[random.Next(expectations.Cases.Count)];
            var answer = await SendAsync(client, expected);
            Interlocked.Increment(ref requests);
            if (answer is null)
            {
                continue;
            }

            var a = answer.AsSpan().SequenceEqual(expected.UnderA);
            var b = answer.AsSpan().SequenceEqual(expected.UnderB);
            if (a && b)
            {
                Interlocked.Increment(ref underEither);
            }
            else if (a)
            {
                Interlocked.Increment(ref underA);
            }
            else if (b)
            {
                Interlocked.Increment(ref underB);
            }
            else if (Interlocked.Increment(ref mismatches) <= MismatchExamples)
            {
                Problem($"{expected.Path} {expected.Name}: answer matches neither set: {System.Text.Encoding.UTF8.GetString(answer)[..Math.Min(answer.Length, 600)]}");
            }
        }
    }

    /// <summary>The answer's bytes, or null (counted as an error) for a failed exchange or a status other than 200.</summary>
    private async Task<byte[]?> SendAsync(HttpClient client, Expectations.Case expected)
    {
        try
        {
            using var content = new ByteArrayContent(expected.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(expected.Path, content);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return body;
            }

            Error($"{expected.Path} {expected.Name}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        }
        catch (HttpRequestException e)
        {
            Error($"{expected.Path} {expected.Name}: {e.Message} {e.InnerException?.Message}");
        }

        return null;
    }

    private SocketsHttpHandler Handler(int connections) => new()
    {
        MaxConnectionsPerServer = connections,
        EnableMultipleHttp2Connections = true,
        PooledConnectionLifetime = options.ConnectionLifetime,
        SslOptions = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is not null)
                {
                    CertificatesSeen.AddOrUpdate(certificate.GetCertHashString(), 1, (_, n) => n + 1);
                }

                return CaTrust.Validate(certificates.Ca, certificate, errors);
            },
        },
        ConnectCallback = async (context, cancel) =>
        {
            Interlocked.Increment(ref connectionsOpened);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private void Error(string what)
    {
        if (Interlocked.Increment(ref errors) <= MismatchExamples)
        {
            Problem(what);
        }
    }

    private void Problem(string what) => problems.Enqueue(what);

    public void Dispose()
    {
        http1.Dispose();
        http2.Dispose();
    }
}

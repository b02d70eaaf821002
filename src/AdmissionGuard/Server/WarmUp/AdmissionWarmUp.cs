using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using AdmissionGuard.Server.Admission;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Server.Logging;
using AdmissionGuard.Server.Monitoring;
using AdmissionGuard.Server.Reload;
using AdmissionGuard.Server.Tls;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AdmissionGuard.Server.WarmUp;

/// <summary>
/// Runs the admission path before <c>/readyz</c> turns 200, so that a new pod's first reviews
/// are not the ones that pay for loading and compiling it (measured: a few hundred milliseconds
/// for the first review otherwise, docs/performance.md). First in process, every targeted kind
/// of each endpoint through the review reader, the engine and all its policies, the answer
/// writer, and the decision line and metrics, the last two into a throwaway log and registry;
/// then one review per endpoint over HTTP/1.1 and HTTP/2 through the HTTPS listener on
/// loopback (TLS handshake, Kestrel, routing, the endpoint), marked so that the endpoint neither
/// logs nor counts it. Bounded: whatever happens, the server is ready after at most
/// <see cref="Bound"/>; a warm-up that fails is logged as a warning and only costs speed.
/// </summary>
internal sealed class AdmissionWarmUp(
    PolicyProvider policies,
    CertificateProvider certificates,
    ReadinessState readiness,
    WarmUpMark mark,
    IServer server,
    ILogger<AdmissionWarmUp> logger)
{
    /// <summary>The longest the warm-up may delay readiness.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            bounded.CancelAfter(Bound);
            var engine = policies.Current;
            var inProcess = InProcess(engine);
            var overHttps = await OverHttpsAsync(engine.Policies, bounded.Token);
            logger.WarmedUp(Math.Round(clock.Elapsed.TotalMilliseconds), inProcess, overHttps);
        }
        catch (Exception e)
        {
            // Whatever went wrong (a policy file's kind the synthetic object trips, the listener
            // refusing the connection, the bound), the warm-up only costs speed: never the start.
            logger.WarmUpIncomplete(Math.Round(clock.Elapsed.TotalMilliseconds), e.Message);
        }
        finally
        {
            mark.Retire();
            readiness.WarmedUp = true;
        }
    }

    private static int InProcess(PolicyEngine engine)
    {
        var metrics = AdmissionMetrics.Throwaway();
        using var sink = new JsonLineLoggerProvider(Stream.Null);
        var log = sink.CreateLogger(typeof(AdmissionEndpoints).FullName!);
        var output = new ArrayBufferWriter<byte>(4096);
        var count = 0;
        foreach (var (type, bytes) in WarmUpReviews.For(engine.Policies))
        {
            var started = Stopwatch.GetTimestamp();
            var review = AdmissionReviewReader.Read(bytes);
            using var request = review.Request;
            output.ResetWrittenCount();
            var (decision, answer) = ReviewResponder.Respond(engine, review, type, output);
            AdmissionEndpoints.Record(metrics, log, request, decision, answer, type, engine, Stopwatch.GetElapsedTime(started));
            count++;
        }

        return count;
    }

    private async Task<int> OverHttpsAsync(PolicySet set, CancellationToken cancel)
    {
        var baseAddress = LoopbackAddress();
        var own = certificates.Certificate?.RawData ?? throw new InvalidOperationException("no serving certificate loaded");
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            // Only this server's own certificate: the warm-up talks to nothing else.
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(own) },
        };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var endpoints = new List<(string Path, byte[] Review)> { (AdmissionEndpoints.ValidatePath, WarmUpReviews.ForListener(set, PolicyType.Validating)) };
        if (set.TargetedKinds(PolicyType.Mutating).Any())
        {
            endpoints.Add((AdmissionEndpoints.MutatePath, WarmUpReviews.ForListener(set, PolicyType.Mutating)));
        }

        var count = 0;
        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            foreach (var (path, review) in endpoints)
            {
                using var content = new ByteArrayContent(review);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = content,
                    Version = version,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                };
                request.Headers.Add(WarmUpMark.Header, mark.Value ?? throw new InvalidOperationException("the warm-up mark was retired"));
                using var response = await client.SendAsync(request, cancel);
                var body = await response.Content.ReadAsStringAsync(cancel);
                if (response.StatusCode != HttpStatusCode.OK || !body.Contains(WarmUpReviews.Uid, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the warm-up review on {path} over HTTP/{version} was answered {(int)response.StatusCode}");
                }

                count++;
            }
        }

        return count;
    }

    /// <summary>The admission listener as reached from this host: a wildcard or localhost binding through 127.0.0.1.</summary>
    private Uri LoopbackAddress()
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("the HTTPS listener has no address");
        var uri = new Uri(bound.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost" ? "127.0.0.1" : uri.Host;
        return new Uri($"https://{(host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host)}:{uri.Port}");
    }
}

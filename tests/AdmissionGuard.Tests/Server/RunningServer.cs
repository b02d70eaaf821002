using System.Net.Security;
using System.Net.Sockets;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AdmissionGuard.Core.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using AdmissionGuard.Testing;
using AdmissionGuard.Server.Hosting;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// The real server (Kestrel, real TLS) on random loopback ports, and clients for it: HTTPS that
/// trusts the server's CA only, plain HTTP for the health port.
/// </summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TempDirectory directory;
    private readonly X509Certificate2 ca;

    private RunningServer(WebApplication app, ServerOptions options, TempDirectory directory, X509Certificate2 ca, CapturedLogs logs)
    {
        this.app = app;
        this.directory = directory;
        this.ca = ca;
        Options = options;
        Logs = logs;
        AdmissionUri = new Uri(app.Urls.Single(u => u.StartsWith("https://", StringComparison.Ordinal)));
        HealthUri = new Uri(app.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal)));
        Client = CreateClient();
        Health = new HttpClient { BaseAddress = HealthUri };
    }

    public ServerOptions Options { get; }

    public CapturedLogs Logs { get; }

    public Uri AdmissionUri { get; }

    public Uri HealthUri { get; }

    /// <summary>HTTPS client for the admission port (HTTP/1.1 unless a request asks for 2).</summary>
    public HttpClient Client { get; }

    /// <summary>Plain-HTTP client for the health port.</summary>
    public HttpClient Health { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Starts a server with test-friendly options: loopback, random ports, a generated certificate
    /// in a temporary directory unless <paramref name="configure"/> gives files, short reload
    /// interval, no shutdown delay.
    /// </summary>
    /// <param name="caFile">The CA that signs given certificate files; null for a generated certificate.</param>
    public static async Task<RunningServer> StartAsync(
        Func<ServerOptions, ServerOptions>? configure = null,
        PolicySet? policies = null,
        string? caFile = null)
    {
        var directory = new TempDirectory();
        var options = new ServerOptions
        {
            Address = "127.0.0.1",
            Port = 0,
            HealthPort = 0,
            GeneratedCertDirectory = directory.Combine("generated"),
            ReloadInterval = TimeSpan.FromMilliseconds(200),
            ShutdownDelay = TimeSpan.Zero,
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        };
        options = configure?.Invoke(options) ?? options;
        var logs = new CapturedLogs();
        var app = AdmissionServer.Build(options, policies, logging => logging.AddProvider(logs));
        var readiness = app.Services.GetRequiredService<ReadinessState>();
        logs.ReadyProbe = () => readiness.IsReady;
        await app.StartAsync();
        var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caFile ?? Path.Combine(options.GeneratedCertDirectory, "ca.crt")));
        return new RunningServer(app, options, directory, ca, logs);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string json, string contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return Client.PostAsync(path, content);
    }

    /// <summary>Posts a review and returns the answer's body, checking that it is a 200 JSON answer.</summary>
    public async Task<string> ReviewAsync(string path, string json)
    {
        using var response = await PostAsync(path, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    /// <summary>The value of one sample of the metrics page, or 0 when it is absent.</summary>
    public async Task<double> MetricAsync(string sample)
    {
        var text = await Health.GetStringAsync("/metrics");
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sample.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>What one TLS handshake with the admission port showed.</summary>
    public sealed record Handshake(X509Certificate2 Certificate, SslProtocols Protocol);

    /// <summary>Opens a new TLS connection to the admission port: the certificate it presents, the protocol agreed.</summary>
    public async Task<Handshake> HandshakeAsync(SslProtocols protocols = SslProtocols.None)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, AdmissionUri.Port);
        await using var tls = new SslStream(tcp.GetStream());
        X509Certificate2? presented = null;
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                presented = new X509Certificate2(certificate!);
                return true;
            },
        });
        return new Handshake(presented!, tls.SslProtocol);
    }

    public Task StopAsync() => app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Health.Dispose();
        await app.DisposeAsync();
        ca.Dispose();
        directory.Dispose();
    }

    private HttpClient CreateClient(Action<SocketsHttpHandler>? configure = null)
    {
        var client = CaTrust.Client(ca, configure);
        client.BaseAddress = AdmissionUri;
        return client;
    }

    /// <summary>A further client, e.g. with a connection callback that counts connections.</summary>
    public HttpClient CreateAdmissionClient(Action<SocketsHttpHandler> configure) => CreateClient(configure);
}

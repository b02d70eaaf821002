using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using AdmissionGuard.FloorServer;
using AdmissionGuard.Server.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

// The floor: what any HTTPS admission webhook on this machine costs at least. No policy work:
// read the review, echo the uid, allow. The connection limits are the webhook's own
// (ConnectionLimits.cs, compiled in from src/AdmissionGuard/Server); the rest of the host,
// Kestrel and TLS set-up mirrors AdmissionServer.cs and CertificateProvider.cs, which are
// internal to the executable: slim builder, no Server header, a 7 MiB body limit, HTTP/1.1 and
// HTTP/2 over TLS 1.2/1.3 with the certificate context built once and handed out per handshake,
// plain HTTP/1.1 health on a second port.
var options = FloorOptions.Parse(args);
var certificate = X509Certificate2.CreateFromPemFile(options.CertFile!, options.KeyFile!);
var tls = new SslServerAuthenticationOptions
{
    ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
    ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
    ClientCertificateRequired = false,
    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
};

var limits = new ConnectionLimits();
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = 7 * 1024 * 1024;
    limits.Apply(kestrel.Limits);
    kestrel.Listen(options.Address, options.Port, listen =>
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(tls),
            HandshakeTimeout = limits.TlsHandshakeTimeout,
        });
    });
    kestrel.Listen(options.Address, options.HealthPort, listen => listen.Protocols = HttpProtocols.Http1);
});

var app = builder.Build();
app.MapPost("/validate", ReviewEndpoint.Handle);
app.MapPost("/mutate", ReviewEndpoint.Handle);
app.MapGet("/readyz", () => Results.Text("ok"));
app.MapGet("/healthz", () => Results.Text("ok"));
app.Run();

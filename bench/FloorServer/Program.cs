using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using AdmissionGuard.FloorServer;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The floor: what any HTTPS admission webhook on this machine costs at least. Same TLS and
// Kestrel settings as `admission-guard serve`, no policy work: read the review, echo the uid, allow.
var options = FloorOptions.Parse(args);
var certificate = X509Certificate2.CreateFromPemFile(options.CertFile!, options.KeyFile!);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = 3 * 1024 * 1024;
    kestrel.Listen(options.Address, options.Port, listen =>
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
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

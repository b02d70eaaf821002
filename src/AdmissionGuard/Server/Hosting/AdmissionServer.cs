using System.Net;
using AdmissionGuard.Server.Admission;
using AdmissionGuard.Server.Logging;
using AdmissionGuard.Server.Monitoring;
using AdmissionGuard.Server.Reload;
using AdmissionGuard.Server.Tls;
using AdmissionGuard.Server.WarmUp;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace AdmissionGuard.Server.Hosting;

/// <summary>
/// Builds and runs the webhook: Kestrel with an HTTPS admission listener (TLS 1.2+, HTTP/1.1 and
/// HTTP/2) and a plain-HTTP health listener, JSON console logs, and the endpoints.
/// </summary>
internal static class AdmissionServer
{
    /// <summary>Runs until SIGTERM or Ctrl-C; returns the process exit code.</summary>
    public static int Run(ServerOptions options)
    {
        try
        {
            using var app = Build(options);
            app.Run();
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException)
        {
            // Invalid policies or certificate files, or a port in use: say why and exit non-zero.
            Console.Error.WriteLine($"admission-guard serve: {e.Message}");
            return 1;
        }
    }

    /// <param name="options">The server's options.</param>
    /// <param name="policies">A policy set to serve instead of loading files (never reloaded).</param>
    /// <param name="logging">Extra logging set-up (tests add a capturing provider).</param>
    public static WebApplication Build(ServerOptions options, PolicySet? policies = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = "admission-guard",
            ContentRootPath = AppContext.BaseDirectory,
        });

        ConfigureLogging(builder.Logging, options);
        logging?.Invoke(builder.Logging);

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ReadinessState>();
        builder.Services.AddSingleton<AdmissionMetrics>();
        builder.Services.AddSingleton<CertificateProvider>();
        builder.Services.AddSingleton<FluxLookup>();
        builder.Services.AddSingleton(services => new PolicyProvider(
            options,
            services.GetRequiredService<FluxLookup>().Services,
            services.GetRequiredService<AdmissionMetrics>(),
            services.GetRequiredService<ReadinessState>(),
            services.GetRequiredService<ILogger<PolicyProvider>>())
        {
            FixedPolicies = policies,
        });
        builder.Services.AddSingleton<Rejections>();
        builder.Services.AddSingleton<ErrorBoundary>();
        builder.Services.AddSingleton<AdmissionEndpoints>();
        builder.Services.AddSingleton<WarmUpMark>();
        builder.Services.AddSingleton<AdmissionWarmUp>();
        builder.Services.AddHostedService<ServerLifecycle>();
        builder.Services.AddHostedService<Scanning.BackgroundScanService>();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The endpoint enforces the body limit itself and drains a little past it, so that the
            // 413 reaches a client that sends its whole body first; past that, Kestrel refuses.
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes + options.Limits.OversizedBodyDrainBytes;
            options.Limits.Apply(kestrel.Limits);
            var certificates = kestrel.ApplicationServices.GetRequiredService<CertificateProvider>();
            Listen(kestrel, options.Address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(certificates.ServerAuthenticationOptions()),
                    HandshakeTimeout = options.Limits.TlsHandshakeTimeout,
                });
            });
            Listen(kestrel, options.Address, options.HealthPort, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        var rejections = app.Services.GetRequiredService<Rejections>();
        app.Use(app.Services.GetRequiredService<ErrorBoundary>().InvokeAsync);
        app.UseRouting();
        app.Use((context, next) => Listener.GuardAsync(context, next, rejections));
        AdmissionEndpoints.Map(app);
        HealthEndpoints.Map(app);
        app.MapFallback("{**path}", context => rejections.WriteAsync(context, RejectReason.NotFound, "no such endpoint"));

        app.Lifetime.ApplicationStarted.Register(() => LogListening(app));
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ServerOptions options)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Enum.Parse<LogLevel>(options.LogLevel, ignoreCase: true));

        // ASP.NET Core logs two lines per request at Information; the decision line replaces them.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // The console JSON formatter's shape, written in batches: one decision line per review
        // through the console logger cost more CPU than the engine (docs/performance.md).
        logging.Services.AddSingleton<ILoggerProvider, JsonLineLoggerProvider>();
    }

    private static void Listen(KestrelServerOptions kestrel, string address, int port, Action<ListenOptions> configure)
    {
        if (address is "*" or "" or "::" or "[::]")
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else if (address.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(port, configure);
        }
        else if (IPAddress.TryParse(address.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, port, configure);
        }
        else
        {
            throw new FormatException($"--address: '{address}' is not an IP address, * or localhost");
        }
    }

    private static void LogListening(WebApplication app)
    {
        app.Logger.Listening(Address(app, "https://"), Address(app, "http://"));

        static string Address(WebApplication app, string scheme) =>
            app.Urls.FirstOrDefault(a => a.StartsWith(scheme, StringComparison.Ordinal)) is { } url ? url[scheme.Length..] : "?";
    }
}

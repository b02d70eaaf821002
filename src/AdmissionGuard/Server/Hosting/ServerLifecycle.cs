using AdmissionGuard.Server.Reload;
using AdmissionGuard.Server.Tls;
using AdmissionGuard.Server.WarmUp;

using AdmissionGuard.Server.Logging;

namespace AdmissionGuard.Server.Hosting;

/// <summary>
/// Start and stop in one place. Before the listeners open: policies and certificate are loaded
/// (a failure stops the start). Once open: the admission path is warmed up (bounded), then
/// <c>/readyz</c> turns 200 and reload watching starts. On SIGTERM: <c>/readyz</c>
/// turns 503 and the webhook keeps serving for <see cref="ServerOptions.ShutdownDelay"/>, so
/// that the API server stops sending before the listeners close; then Kestrel lets in-flight
/// reviews finish within <see cref="ServerOptions.ShutdownTimeout"/>.
/// </summary>
internal sealed class ServerLifecycle(
    ServerOptions options,
    PolicyProvider policies,
    CertificateProvider certificates,
    ReadinessState readiness,
    AdmissionWarmUp warmUp,
    IHostApplicationLifetime lifetime,
    ILogger<ServerLifecycle> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        policies.Load();
        certificates.Load();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await warmUp.RunAsync(stop.Token);
        policies.StartWatching();
        certificates.StartWatching();
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        readiness.Stopping = true;
        logger.ShuttingDown(options.ShutdownDelay, options.ShutdownTimeout);
        try
        {
            await Task.Delay(options.ShutdownDelay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out during the delay: go on stopping.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        policies.Dispose();
        certificates.Dispose();
        return Task.CompletedTask;
    }
}

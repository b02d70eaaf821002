using System.Collections.Frozen;

namespace AdmissionGuard.Core.Cluster;

/// <summary>
/// Which Flux Kustomizations decrypt SOPS secrets (docs/no-plaintext-secrets.md), kept in memory and refreshed in
/// the background by listing them every <see cref="RefreshInterval"/>. The admission path only
/// reads the last snapshot: no I/O, no lock. Never throws and logs nothing; the host reads
/// <see cref="LastError"/> and <see cref="LastRefreshed"/> to log, count and report readiness.
/// Until the first list succeeds, and after the last success has gone stale, nothing is trusted
/// (the look-up relaxes a security check, so it fails closed).
/// </summary>
internal sealed class FluxDecryptionIndex : IFluxDecryptionIndex, IAsyncDisposable
{
    private readonly IKustomizationSource source;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock startLock = new();
    private volatile Snapshot snapshot = Snapshot.Empty;
    private volatile Status status = new(null, null, null);
    private Task? loop;

    internal FluxDecryptionIndex(IKustomizationSource source, TimeSpan refreshInterval, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(refreshInterval, TimeSpan.Zero);
        this.source = source;
        this.time = time ?? TimeProvider.System;
        RefreshInterval = refreshInterval;
    }

    public TimeSpan RefreshInterval { get; }

    /// <summary>How old the last successful list may get before it is dropped: four missed refreshes.</summary>
    public TimeSpan MaxStaleness => RefreshInterval * 4;

    /// <summary>When the last list succeeded; null before the first success.</summary>
    public DateTimeOffset? LastRefreshed => status.Refreshed;

    /// <summary>When the last list was tried, successful or not.</summary>
    public DateTimeOffset? LastAttempt => status.Attempted;

    /// <summary>Why the last list failed; null when it succeeded.</summary>
    public string? LastError => status.Error;

    /// <summary>How many Kustomizations with <c>spec.decryption</c> the index holds.</summary>
    public int DecryptingCount => snapshot.Decrypting.Count;

    public bool HasDecryption(string kustomizationNamespace, string kustomizationName) =>
        snapshot.Decrypting.Contains((kustomizationNamespace, kustomizationName));

    /// <summary>Starts the background refresh: one list now, then one every interval. Idempotent.</summary>
    public void Start()
    {
        lock (startLock)
        {
            loop ??= RunAsync(stopping.Token);
        }
    }

    /// <summary>Lists the Kustomizations once and swaps the snapshot. Never throws.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var started = time.GetUtcNow();
        try
        {
            // One list may not outlast the interval, or refreshes would pile up behind a hung call.
            using var timeout = new CancellationTokenSource(RefreshInterval, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var entries = await source.ListAsync(linked.Token).ConfigureAwait(false);
            snapshot = new Snapshot(entries.Where(e => e.HasDecryption).Select(e => (e.Namespace, e.Name)).ToFrozenSet());
            status = new Status(started, started, null);
        }
        catch (Exception e)
        {
            var previous = status;
            if (previous.Refreshed is not { } refreshed || started - refreshed > MaxStaleness)
            {
                snapshot = Snapshot.Empty;
            }

            status = new Status(previous.Refreshed, started, Describe(e, cancellationToken));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        stopping.Dispose();
        (source as IDisposable)?.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // Off the caller's thread: Start() returns at once even when the first list is slow.
        await Task.Yield();
        using var timer = new PeriodicTimer(RefreshInterval, time);
        try
        {
            do
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private static string Describe(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => "stopped",
        OperationCanceledException => "listing Flux Kustomizations timed out",
        k8s.Autorest.HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.Forbidden } =>
            "forbidden: the service account needs list on kustomizations.kustomize.toolkit.fluxcd.io",
        k8s.Autorest.HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.NotFound } =>
            "kustomizations.kustomize.toolkit.fluxcd.io/v1 is not served: Flux is not installed, or older than 2.0",
        _ => $"listing Flux Kustomizations failed: {e.GetType().Name}: {e.Message}",
    };

    private sealed record Snapshot(FrozenSet<(string Namespace, string Name)> Decrypting)
    {
        public static readonly Snapshot Empty = new(FrozenSet<(string, string)>.Empty);
    }

    private sealed record Status(DateTimeOffset? Refreshed, DateTimeOffset? Attempted, string? Error);
}

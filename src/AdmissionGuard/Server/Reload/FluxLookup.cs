using AdmissionGuard.Core.Cluster;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Server.Monitoring;

using AdmissionGuard.Server.Logging;

namespace AdmissionGuard.Server.Reload;

/// <summary>
/// The Flux decryption look-up of <c>no-plaintext-secrets</c> (docs/policies-files.md): off
/// unless <c>--flux-decryption-lookup</c> is given and the server runs in a cluster. Its state
/// is exported as metrics; the policies receive it through <see cref="PolicyServices"/>.
/// </summary>
internal sealed class FluxLookup : IAsyncDisposable
{
    public FluxLookup(ServerOptions options, AdmissionMetrics metrics, ILogger<FluxLookup> logger)
    {
        Index = FluxDecryptionIndexFactory.Create(options.FluxDecryptionLookup);
        if (Index is FluxDecryptionIndex live)
        {
            metrics.Track(live);
            logger.FluxLookup("on: Kustomizations are listed every " + live.RefreshInterval.TotalSeconds + " s");
        }
        else if (options.FluxDecryptionLookup)
        {
            logger.FluxLookup("off: not running in a cluster");
        }
    }

    public IFluxDecryptionIndex Index { get; }

    public PolicyServices Services => new() { FluxDecryption = Index };

    public ValueTask DisposeAsync() => Index is FluxDecryptionIndex live ? live.DisposeAsync() : ValueTask.CompletedTask;
}

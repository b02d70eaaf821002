using k8s;

namespace AdmissionGuard.Core.Cluster;

/// <summary>
/// Builds the Flux decryption look-up for the host. It reads the cluster only when enabled and
/// running in a cluster; everywhere else (a laptop, CI, the CLI) nothing decrypts and
/// <c>trustedAppliers</c> is the way to trust Flux-applied Secrets.
/// </summary>
internal static class FluxDecryptionIndexFactory
{
    /// <summary>"Cached briefly": a Kustomization that gains or loses <c>spec.decryption</c> counts within this long.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A started <see cref="FluxDecryptionIndex"/> when <paramref name="enabled"/> and in a cluster,
    /// otherwise <see cref="NoFluxDecryptionIndex.Instance"/>. Never throws: a client that cannot
    /// be configured shows up as the index's <see cref="FluxDecryptionIndex.LastError"/>. The host
    /// disposes the index (it is <see cref="IAsyncDisposable"/>) on shutdown.
    /// </summary>
    public static IFluxDecryptionIndex Create(bool enabled, TimeSpan? refreshInterval = null) =>
        Create(enabled, refreshInterval, KubernetesClientConfiguration.IsInCluster, InClusterSource, TimeProvider.System);

    internal static IFluxDecryptionIndex Create(
        bool enabled,
        TimeSpan? refreshInterval,
        Func<bool> isInCluster,
        Func<IKustomizationSource> createSource,
        TimeProvider time)
    {
        if (!enabled || !isInCluster())
        {
            return NoFluxDecryptionIndex.Instance;
        }

        IKustomizationSource source;
        try
        {
            source = createSource();
        }
        catch (Exception e)
        {
            source = new UnavailableSource($"cannot configure the in-cluster client: {e.GetType().Name}: {e.Message}");
        }

        var index = new FluxDecryptionIndex(source, refreshInterval ?? DefaultRefreshInterval, time);
        index.Start();
        return index;
    }

    private static KubernetesKustomizationSource InClusterSource() =>
        new(KubernetesClientConfiguration.InClusterConfig());

    /// <summary>Stands in for a client that could not be built, so the failure surfaces through the index's status.</summary>
    private sealed class UnavailableSource(string reason) : IKustomizationSource
    {
        public Task<IReadOnlyList<KustomizationEntry>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<KustomizationEntry>>(new InvalidOperationException(reason));
    }
}

namespace AdmissionGuard.Core.Cluster;

/// <summary>One Flux Kustomization, as far as the decryption index cares.</summary>
internal readonly record struct KustomizationEntry(string Namespace, string Name, bool HasDecryption);

/// <summary>Lists every Flux Kustomization in the cluster. The one call the index makes; a fake in tests.</summary>
internal interface IKustomizationSource
{
    /// <summary>Every Kustomization in every namespace. Throws when the list fails.</summary>
    Task<IReadOnlyList<KustomizationEntry>> ListAsync(CancellationToken cancellationToken);
}

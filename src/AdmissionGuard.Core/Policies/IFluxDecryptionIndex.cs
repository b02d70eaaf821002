namespace AdmissionGuard.Core.Policies;

/// <summary>
/// Answers whether a Flux Kustomization decrypts SOPS secrets (<c>spec.decryption</c> set). Must
/// answer from memory: the admission path does no I/O. The in-cluster implementation keeps a
/// briefly cached index; outside a cluster the answer is always false.
/// </summary>
internal interface IFluxDecryptionIndex
{
    bool HasDecryption(string kustomizationNamespace, string kustomizationName);
}

/// <summary>The index used when the webhook may not read the cluster: nothing decrypts.</summary>
internal sealed class NoFluxDecryptionIndex : IFluxDecryptionIndex
{
    public static readonly NoFluxDecryptionIndex Instance = new();

    public bool HasDecryption(string kustomizationNamespace, string kustomizationName) => false;
}

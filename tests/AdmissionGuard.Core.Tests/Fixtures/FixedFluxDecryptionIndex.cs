using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Core.Tests.Fixtures;

/// <summary>A Flux decryption index that knows a fixed set of decrypting Kustomizations (<c>namespace/name</c>).</summary>
public sealed class FixedFluxDecryptionIndex(IEnumerable<string> decrypting) : IFluxDecryptionIndex
{
    private readonly HashSet<string> decrypting = new(decrypting, StringComparer.Ordinal);

    public bool HasDecryption(string kustomizationNamespace, string kustomizationName) =>
        decrypting.Contains($"{kustomizationNamespace}/{kustomizationName}");
}

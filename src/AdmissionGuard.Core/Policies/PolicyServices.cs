namespace AdmissionGuard.Core.Policies;

/// <summary>What policies may use beyond their parameters. Everything here answers from memory.</summary>
internal sealed record PolicyServices
{
    public static readonly PolicyServices Default = new();

    public IFluxDecryptionIndex FluxDecryption { get; init; } = NoFluxDecryptionIndex.Instance;
}

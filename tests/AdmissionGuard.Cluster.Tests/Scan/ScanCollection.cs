namespace AdmissionGuard.Cluster.Tests.Scan;

/// <summary>
/// The scan tests' own control plane: what they list and report must not depend on what other
/// tests left in a shared cluster. No webhook is registered in it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ScanCollection : ICollectionFixture<KubeControlPlane>
{
    public const string Name = "kube-apiserver for scan";
}

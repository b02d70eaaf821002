namespace AdmissionGuard.Cluster.Tests.ControlPlane;

/// <summary>
/// Test classes marked <c>[Collection(ClusterCollection.Name)]</c> share one control plane
/// (constructor parameter <see cref="KubeControlPlane"/>) and run one after another. A class that
/// needs a control plane of its own defines its own collection with its own fixture.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<KubeControlPlane>
{
    public const string Name = "kube-apiserver";
}

/// <summary>As <see cref="ClusterCollection"/>, with kube-controller-manager running too.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterWithControllersCollection : ICollectionFixture<KubeControlPlaneWithControllers>
{
    public const string Name = "kube-apiserver and kube-controller-manager";
}

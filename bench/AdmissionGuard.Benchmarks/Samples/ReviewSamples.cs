namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>Every sample, by name. The Deployment is the one the load tests send.</summary>
public static class ReviewSamples
{
    public static readonly IReadOnlyList<ReviewSample> All =
    [
        DeploymentSample.Create(),
        PvcSample.Create(),
        HookJobSample.Create(),
        SecretSample.Create(),
        ConfigMapSample.Create(),
        CrdSample.Create(),
        ServiceSample.Create(),
    ];

    public static ReviewSample Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no sample named {name}; known: {string.Join(", ", All.Select(s => s.Name))}");
}

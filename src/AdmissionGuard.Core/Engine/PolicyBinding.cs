namespace AdmissionGuard.Core.Engine;

/// <summary>A policy with its settings, as loaded from one policy file.</summary>
internal sealed record PolicyBinding(IPolicy Policy, PolicySettings Settings, string Source)
{
    public string Id => Policy.Id;
}

using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>TODO: implemented in the policy change.</summary>
public sealed class ConfigChecksumPolicy(ConfigChecksumParameters parameters) : IPolicy
{
    public const string PolicyId = "config-checksum";

    public string Id => PolicyId;

    public PolicyType Type => PolicyType.Validating;

    public ConfigChecksumParameters Parameters { get; } = parameters;

    public PolicyOutcome Evaluate(PolicyContext context) => PolicyOutcome.Pass;
}

using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>TODO: implemented in the policy change.</summary>
public sealed class NoPlaintextSecretsPolicy(NoPlaintextSecretsParameters parameters, PolicyServices services) : IPolicy
{
    public const string PolicyId = "no-plaintext-secrets";

    public string Id => PolicyId;

    public PolicyType Type => PolicyType.Validating;

    public NoPlaintextSecretsParameters Parameters { get; } = parameters;

    public PolicyServices Services { get; } = services;

    public PolicyOutcome Evaluate(PolicyContext context) => PolicyOutcome.Pass;
}

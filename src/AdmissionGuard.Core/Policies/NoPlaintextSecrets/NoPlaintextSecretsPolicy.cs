namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// <c>no-plaintext-secrets</c> (docs/no-plaintext-secrets.md): credentials do not arrive in plaintext from Git.
/// Four checks, each switchable: declaratively applied Secrets with values, credential-named env
/// vars with literal values, private keys or known tokens in ConfigMaps, and literal credentials in
/// the Helm values of HelmReleases and Argo CD Applications. Everything a check
/// needs (the compiled name pattern, the sets of exempt types, owners and appliers) is built here,
/// once per policy load. No finding ever quotes a value.
/// </summary>
internal sealed class NoPlaintextSecretsPolicy : IPolicy
{
    public const string PolicyId = "no-plaintext-secrets";

    private readonly SecretObjectCheck? secretObjects;
    private readonly EnvLiteralCheck? envLiterals;
    private readonly ConfigMapValueCheck? configMapValues;
    private readonly HelmValuesCheck? helmValues;

    public NoPlaintextSecretsPolicy(NoPlaintextSecretsParameters parameters, PolicyServices services)
    {
        Parameters = parameters;
        Services = services;
        var names = new CredentialNameMatcher(parameters.CredentialNamePattern);
        var judge = new CredentialJudge(names, new CredentialValueClassifier(names));
        var trees = new ValueTreeScanner(judge);
        secretObjects = parameters.SecretObjects ? new SecretObjectCheck(parameters, services.FluxDecryption, trees) : null;
        envLiterals = parameters.EnvLiterals ? new EnvLiteralCheck(judge) : null;
        configMapValues = parameters.ConfigMapValues ? new ConfigMapValueCheck(trees) : null;
        helmValues = parameters.HelmValues ? new HelmValuesCheck(trees) : null;
    }

    public string Id => PolicyId;

    public PolicyType Type => Descriptor.Type;

    public NoPlaintextSecretsParameters Parameters { get; }

    public PolicyServices Services { get; }

    public PolicyOutcome Evaluate(PolicyContext context)
    {
        List<Finding>? findings = null;
        var kind = context.Request.Kind;
        if (kind == KnownKinds.Secret)
        {
            secretObjects?.Evaluate(context, ref findings);
        }
        else if (kind == KnownKinds.ConfigMap)
        {
            configMapValues?.Evaluate(context, ref findings);
        }
        else if (kind.Group is HelmValuesCheck.FluxHelmGroup or HelmValuesCheck.ArgoGroup)
        {
            helmValues?.Evaluate(context, ref findings);
        }
        else
        {
            envLiterals?.Evaluate(context, ref findings);
        }

        return findings is null ? PolicyOutcome.Pass : PolicyOutcome.Of(findings);
    }

    /// <summary>What the catalog, the loader, reports and <c>--help</c> know of the policy; its help is no-plaintext-secrets.help.md beside it.</summary>
    public static readonly PolicyDescriptor<NoPlaintextSecretsParameters> Descriptor = new(
        PolicyId, PolicyType.Validating,
        [
            .. PolicyKind.Registered(KnownKinds.Secret, KnownKinds.ConfigMap),
            .. PolicyKind.PodsAndReplicaSets(KnownKinds.Pod),
            .. PolicyKind.Registered(KnownKinds.ReplicationController, KnownKinds.Deployment, KnownKinds.StatefulSet, KnownKinds.DaemonSet),
            .. PolicyKind.PodsAndReplicaSets(KnownKinds.ReplicaSet),
            .. PolicyKind.Registered(KnownKinds.Job, KnownKinds.CronJob),
            .. PolicyKind.HelmValues(KnownKinds.HelmRelease),
            .. PolicyKind.Converted(KnownKinds.HelmReleaseV2Beta2, KnownKinds.HelmReleaseV2Beta1),
            .. PolicyKind.HelmValues(KnownKinds.ArgoApplication, KnownKinds.ArgoApplicationSet),
        ],
        "No credentials in plaintext from Git or chart values.",
        (p, s) => new NoPlaintextSecretsPolicy(p, s), new NoPlaintextSecretsParametersValidator());
}

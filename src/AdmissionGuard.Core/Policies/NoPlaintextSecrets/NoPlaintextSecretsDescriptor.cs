using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary><c>no-plaintext-secrets</c> as the catalog, the loader, reports and <c>--help</c> know it (docs/no-plaintext-secrets.md).</summary>
public static class NoPlaintextSecretsDescriptor
{
    public static readonly PolicyDescriptor<NoPlaintextSecretsParameters> Instance = new(
        NoPlaintextSecretsPolicy.PolicyId,
        PolicyType.Validating,
        [KnownKinds.Secret, KnownKinds.ConfigMap, KnownKinds.Pod, .. KnownKinds.Workloads],
        (p, s) => new NoPlaintextSecretsPolicy(p, s),
        new NoPlaintextSecretsParametersValidator(),
        new PolicyHelp(
            Name: "NoPlaintextSecrets",
            Summary: "No credentials in plaintext from Git or chart values.",
            Description: "A Secret applied from a manifest with values in data or stringData, a container env var named like a credential with a literal value, or a ConfigMap holding a private key or a well-known token is a credential stored in plaintext in Git or in chart values. SOPS-encrypted files and SealedSecrets pass.",
            Markdown: """
            Base64 in a Secret's `data` is an encoding, not encryption: a Secret manifest with values, a credential in an env value or a key in a ConfigMap is readable by everyone who can read the repository or the chart values.

            **Fix**: keep the value out of Git, with a SealedSecret, an ExternalSecret or a SOPS-encrypted Secret, and reference it from containers:

            ```yaml
            env:
              - name: DB_PASSWORD
                valueFrom:
                  secretKeyRef: {name: db, key: password}
            ```
            """,
            Tags: ["kubernetes", "security", "secrets"],
            SecuritySeverity: "7.5"));
}

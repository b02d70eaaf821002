using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Hardening;

/// <summary>
/// The real reviews the fuzz tests damage: one or two per policy and outcome (denied, allowed,
/// mutated; CREATE and UPDATE with an old object), small enough that every byte gets its turn.
/// </summary>
internal static class FuzzSamples
{
    public static readonly string[] Names =
    [
        "config-checksum/deny.config-map-volume-without-checksum",
        "config-checksum/pass.statefulset-with-sha256-checksum",
        "keep-stateful/mutate.helm-pvc-with-existing-annotations",
        "keep-stateful/mutate.crd-from-chart-templates",
        "hook-deadline/deny.helm-pre-install-hook-without-deadline",
        "no-plaintext-secrets/deny.secret-applied-by-helm",
        "no-plaintext-secrets/deny.env-literal-password-in-deployment",
        "no-plaintext-secrets/warn.secret-update-with-existing-violation-allowed",
        "no-plaintext-secrets/deny.configmap-rsa-private-key",
    ];

    public static TheoryData<string> All() => new(Names);

    public static byte[] Body(string name) => System.Text.Encoding.UTF8.GetBytes(RealReviews.Fixture(name).Json);
}

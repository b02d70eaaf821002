namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>Parameters of <c>config-checksum</c> (docs/config-checksum.md). Defaults are the documented ones.</summary>
public sealed record ConfigChecksumParameters
{
    /// <summary>A pod-template annotation key with this prefix and a hex digest value satisfies the rule.</summary>
    public string AnnotationPrefix { get; init; } = "checksum/";

    /// <summary>ConfigMaps that do not count as configuration (the API server's own CA bundle, for one).</summary>
    public List<string> IgnoreConfigMaps { get; init; } = ["kube-root-ca.crt"];

    /// <summary>Stakater Reloader and Wave annotations satisfy the rule too.</summary>
    public bool AcceptReloaders { get; init; } = true;

    /// <summary>Apply the same rule to Secret references.</summary>
    public bool IncludeSecrets { get; init; }

    /// <summary>
    /// Pod-template annotation keys that roll the pods on every render (Helm's documented
    /// <c>rollme: {{ randAlphaNum 5 | quote }}</c>): a non-empty value passes, with a warning.
    /// </summary>
    public List<string> AlwaysRollAnnotations { get; init; } = ["rollme"];
}

namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>Parameters of <c>config-checksum</c> (docs/config-checksum.md). Defaults are the documented ones.</summary>
internal sealed record ConfigChecksumParameters
{
    [Parameter(
        "prefix of pod-template annotation keys that count, besides `checksum/` and keys naming a checksum, hash or digest",
        Rule = "not empty, no spaces", MinLength = 1, MaxLength = 253, Pattern = "^[A-Za-z0-9.-]*/?[A-Za-z0-9._-]*$")]
    public string AnnotationPrefix { get; init; } = "checksum/";

    [Parameter(
        "ConfigMap names that do not count (replaces the default list)",
        Rule = "no empty item", Pattern = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    public List<string> IgnoreConfigMaps { get; init; } = ["kube-root-ca.crt"];

    [Parameter("Reloader and Wave annotations satisfy the rule")]
    public bool AcceptReloaders { get; init; } = true;

    [Parameter("apply the rule to Secret references too")]
    public bool IncludeSecrets { get; init; }

    /// <summary>Helm's documented <c>rollme: {{ randAlphaNum 5 | quote }}</c> is one.</summary>
    [Parameter(
        "pod-template annotation keys that roll on every render; a non-empty value passes, with a warning (replaces the default list; `[]` turns it off)",
        Rule = "no empty item, no spaces", MaxLength = 317, Pattern = "^([A-Za-z0-9.-]+/)?[A-Za-z0-9._-]+$")]
    public List<string> AlwaysRollAnnotations { get; init; } = ["rollme"];
}

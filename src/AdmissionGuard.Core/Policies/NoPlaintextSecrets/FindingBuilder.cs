namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>Shared wording for this policy's findings: names of keys and fields, never values.</summary>
internal static class FindingBuilder
{
    /// <summary>Keys listed in a message before "and N more"; a summary lists fewer.</summary>
    public const int MessageNames = 20;
    public const int SummaryNames = 3;

    public static void Add(ref List<Finding>? findings, FindingSeverity severity, string message, string summary, string path, string fix)
    {
        findings ??= [];
        findings.Add(new Finding(NoPlaintextSecretsPolicy.PolicyId, severity, message, summary, path, fix));
    }

    /// <summary>A violation the policy is not certain of: a warning under enforce; the message says what is uncertain.</summary>
    public static void AddDoubtful(ref List<Finding>? findings, string message, string summary, string path, string fix, string doubt)
    {
        findings ??= [];
        findings.Add(new Finding(NoPlaintextSecretsPolicy.PolicyId, FindingSeverity.Violation, message, summary, path, fix) { Doubt = doubt });
    }

    /// <summary><c> (a private key (PEM) and a GitHub token)</c> when known formats were found, else empty.</summary>
    public static string Formats(IReadOnlyList<Detection>? formats)
    {
        if (formats is null)
        {
            return string.Empty;
        }

        var kinds = new List<string>(formats.Count);
        foreach (var d in formats)
        {
            kinds.Add(d.Description);
        }

        return $": {NameList(kinds, MessageNames)}";
    }

    /// <summary><c>a, b, c and 2 more</c>.</summary>
    public static string NameList(IReadOnlyList<string> names, int max)
    {
        var sb = new StringBuilder();
        var shown = Math.Min(names.Count, max);
        for (var i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                sb.Append(i == names.Count - 1 ? " and " : ", ");
            }

            sb.Append(names[i]);
        }

        if (names.Count > shown)
        {
            sb.Append(" and ").Append(names.Count - shown).Append(" more");
        }

        return sb.ToString();
    }

    /// <summary>How the object arrived, for messages: "by Helm", "from a manifest file".</summary>
    public static string AppliedBy(PolicyContext context) => context.Applier switch
    {
        Applier.Helm => "by Helm",
        Applier.ArgoCD => "by Argo CD",
        Applier.FluxKustomize => "by Flux (kustomize-controller)",
        Applier.FluxHelm => "by Flux (helm-controller)",
        Applier.Kubectl => "by kubectl apply",
        Applier.Other when context.Request.Origin.IsFile => "from a manifest file",
        _ => "by an unknown applier",
    };
}

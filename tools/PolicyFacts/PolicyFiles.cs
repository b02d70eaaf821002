namespace AdmissionGuard.PolicyFacts;

/// <summary>
/// policies/&lt;id&gt;.yaml: the kinds of the default file and the parameters with their defaults
/// are generated regions; the header, action, flags and exclusions are written by hand. A policy
/// without a file gets one, at <c>enforce</c> like every built-in policy.
/// </summary>
internal static class PolicyFiles
{
    public static string Path(PolicyDescriptor descriptor) => $"policies/{descriptor.Id}.yaml";

    public static string Write(PolicyDescriptor descriptor, string? current) =>
        Regions.Fill(current ?? New(descriptor), Path(descriptor), name => name switch
        {
            "kinds" => Kinds(descriptor),
            "parameters" => Parameters(descriptor),
            _ => null,
        }, "kinds", "parameters");

    private static string Kinds(PolicyDescriptor descriptor)
    {
        var kinds = descriptor.Kinds.Where(k => k.InDefaultFile).Select(k => k.Kind.ToString()).ToArray();
        var flow = $"    kinds: [{string.Join(", ", kinds)}]";
        return flow.Length <= 100
            ? flow + "\n"
            : "    kinds:\n" + string.Concat(kinds.Select(k => $"      - {k}\n"));
    }

    /// <summary>Each parameter with its default; one without a default as a comment saying what it would do.</summary>
    private static string Parameters(PolicyDescriptor descriptor)
    {
        if (descriptor.Parameters.Count == 0)
        {
            return string.Empty;
        }

        var lines = new StringBuilder("  parameters:\n");
        foreach (var parameter in descriptor.Parameters)
        {
            var value = parameter.DefaultValue;
            lines.Append(value is null
                ? $"    # {parameter.Name}: (no default) {Text.Sentence(parameter.Doc.Meaning)}\n"
                : $"    {parameter.Name}: {Text.Yaml(value)}\n");
        }

        return lines.ToString();
    }

    private static string New(PolicyDescriptor descriptor) =>
        $"""
        # {descriptor.Id}: {descriptor.Summary} See docs/{descriptor.Id}.md.
        apiVersion: admission-guard.io/v1alpha1
        kind: GuardPolicy
        metadata:
          name: {descriptor.Id}
        spec:
          action: enforce
        {(descriptor.Type == PolicyType.Validating ? "  allowExistingViolations: false\n" : string.Empty)}  allowObjectExemption: false
          match:
            # generated: kinds (make generate)
            # end generated: kinds
          exclude:
            namespaces: [kube-system, kube-public, kube-node-lease]
          # generated: parameters (make generate)
          # end generated: parameters

        """;
}

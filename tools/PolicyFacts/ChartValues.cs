using YamlDotNet.RepresentationModel;

namespace AdmissionGuard.PolicyFacts;

/// <summary>
/// charts/admission-guard/values.yaml: the list of policy keys in the comment above
/// <c>policies</c> and the <c>policies</c> block itself are generated regions. Each policy's
/// action and flags are its default policy file's, its parameters the descriptor's.
/// </summary>
internal static class ChartValues
{
    public const string Path = "charts/admission-guard/values.yaml";

    public static string Write(string current, IReadOnlyDictionary<string, string> policyFiles) =>
        Regions.Fill(current, Path, name => name switch
        {
            "policy-list" => PolicyList(),
            "policies" => Policies(policyFiles),
            _ => null,
        }, "policy-list", "policies");

    private static string PolicyList()
    {
        var lines = new StringBuilder();
        foreach (var d in PolicyCatalog.All)
        {
            var first = $"#   {d.ValuesKey,-20}-> {d.Id,-22}";
            var type = d.Type == PolicyType.Mutating ? "mutating" : "validating";
            var text = $"({type}; {KindNames(d, KindDefault.Registered)}{Gated(d, KindDefault.PodsAndReplicaSets, "webhook.podsAndReplicaSets")}{Gated(d, KindDefault.HelmValues, "helmValues")})";
            foreach (var line in Text.Wrap(text, "#" + new string(' ', first.Length), first))
            {
                lines.Append(line).Append('\n');
            }
        }

        return lines.ToString();
    }

    private static string Gated(PolicyDescriptor d, KindDefault gate, string setting) =>
        d.Kinds.Any(k => k.Default == gate) ? $", and with {setting} {KindNames(d, gate)}" : string.Empty;

    private static string KindNames(PolicyDescriptor d, KindDefault use) =>
        string.Join(", ", d.Kinds.Where(k => k.Default == use).Select(k => k.Kind.Kind));

    private static string Policies(IReadOnlyDictionary<string, string> policyFiles)
    {
        var block = new StringBuilder("policies:\n");
        foreach (var d in PolicyCatalog.All)
        {
            var spec = Spec(d, policyFiles[d.Id]);
            block.Append(block.Length > "policies:\n".Length ? "\n" : string.Empty)
                .Append($"  {d.ValuesKey}:\n")
                .Append($"    action: {spec.Action}\n");
            if (d.Type == PolicyType.Validating)
            {
                block.Append($"    allowExistingViolations: {spec.AllowExistingViolations}\n");
            }

            block.Append($"    allowObjectExemption: {spec.AllowObjectExemption}\n")
                .Append("    exclude:\n      namespaces: []\n      names: []\n      users: []\n      groups: []\n      serviceAccounts: []\n")
                .Append(d.Parameters.Count == 0 ? "    parameters: {}\n" : "    parameters:\n" + ParameterLines(d));
        }

        return block.ToString();
    }

    /// <summary>Each parameter's meaning as a comment, then its default (<c>null</c>: none).</summary>
    private static string ParameterLines(PolicyDescriptor descriptor)
    {
        var lines = new StringBuilder();
        foreach (var parameter in descriptor.Parameters)
        {
            foreach (var comment in Text.Wrap(Text.Sentence(parameter.Doc.Meaning), "      # "))
            {
                lines.Append(comment).Append('\n');
            }

            lines.Append($"      {parameter.Name}: {Text.Yaml(parameter.DefaultValue)}\n");
        }

        return lines.ToString();
    }

    /// <summary>The hand-written part of a default policy file that values.yaml repeats.</summary>
    private static (string Action, string AllowExistingViolations, string AllowObjectExemption) Spec(PolicyDescriptor d, string policyFile)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(policyFile));
        var spec = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["spec"];
        string Field(string name, string absent) => spec.Children.TryGetValue(name, out var v) ? ((YamlScalarNode)v).Value! : absent;
        return (Field("action", "enforce"), Field("allowExistingViolations", "false"), Field("allowObjectExemption", "false"));
    }
}

namespace AdmissionGuard.PolicyFacts;

/// <summary>
/// charts/admission-guard/templates/_helpers.tpl: the body of <c>admission-guard.policyTable</c>
/// (values key, id, webhook type, the kinds the chart registers and those it registers only when
/// asked) is a generated region; the templates that read it and the kind table are written by hand.
/// </summary>
internal static class ChartPolicyTable
{
    public const string Path = "charts/admission-guard/templates/_helpers.tpl";

    public static string Write(string current) =>
        Regions.Fill(current, Path, name => name == "policy-table" ? Table() : null, "policy-table");

    private static string Table()
    {
        var table = new StringBuilder();
        foreach (var d in PolicyCatalog.All)
        {
            table.Append($"{d.ValuesKey}:\n")
                .Append($"  id: {d.Id}\n")
                .Append($"  type: {(d.Type == PolicyType.Mutating ? "mutating" : "validating")}\n")
                .Append($"  kinds: {Kinds(d, KindDefault.Registered)}\n");
            if (d.Kinds.Any(k => k.Default == KindDefault.PodsAndReplicaSets))
            {
                table.Append($"  optionalKinds: {Kinds(d, KindDefault.PodsAndReplicaSets)}\n");
            }

            if (d.Kinds.Any(k => k.Default == KindDefault.HelmValues))
            {
                table.Append($"  helmValuesKinds: {Kinds(d, KindDefault.HelmValues)}\n");
            }
        }

        return table.ToString();
    }

    private static string Kinds(PolicyDescriptor d, KindDefault use) =>
        $"[{string.Join(", ", d.Kinds.Where(k => k.Default == use).Select(k => k.Kind.ToString()))}]";
}

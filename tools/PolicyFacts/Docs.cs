namespace AdmissionGuard.PolicyFacts;

/// <summary>
/// The docs' tables of kinds and parameters, as generated regions in Markdown: each policy's page
/// (<c>parameters</c>), the README's copy of it (<c>parameters/&lt;id&gt;</c>, where the README
/// has a section for the policy), and docs/policies-files.md (<c>kinds</c>, <c>parameters</c>).
/// </summary>
internal static class Docs
{
    public const string Readme = "README.md";
    public const string PolicyFiles = "docs/policies-files.md";

    public static string Page(PolicyDescriptor d) => $"docs/{d.Id}.md";

    public static string WritePage(PolicyDescriptor d, string current) =>
        Regions.Fill(current, Page(d), name => name == "parameters" ? ParameterTable(d) : null, "parameters");

    /// <summary>
    /// README.md: the policy table at the top (each row's line is the policy's <c>oneLine</c>, its
    /// link the README's section of the policy where there is one, else its doc), the list of
    /// per-policy docs, the parameter table of each policy's section, and the answers to the sample
    /// reviews (<see cref="ExampleAnswers"/>).
    /// </summary>
    public static string WriteReadme(string current, IReadOnlyDictionary<string, string> exampleAnswers) =>
        Regions.Fill(current, Readme, name => name switch
        {
            _ when exampleAnswers.TryGetValue(name, out var answer) => ExampleAnswers.Compact(answer),
            "policies" => PolicyTable(current),
            "policy-docs" => string.Concat(Text.Wrap(string.Join(", ", PolicyCatalog.All.Select(d => $"[{d.Id}]({Page(d)})")), "  ", "- per policy: ").Select(l => l + "\n")),
            _ when name.StartsWith("parameters/", StringComparison.Ordinal) && PolicyCatalog.Find(name["parameters/".Length..]) is { } d => ParameterTable(d),
            _ => null,
        }, ["policies", "policy-docs", .. exampleAnswers.Keys]);

    public static string WritePolicyFiles(string current) =>
        Regions.Fill(current, PolicyFiles, name => name switch
        {
            "kinds" => KindTable(),
            "parameters" => ReferenceTable(),
            _ => null,
        }, "kinds", "parameters");

    private static string PolicyTable(string readme) =>
        Row("policy", "type", "in one line") + "|---|---|---|\n"
        + string.Concat(PolicyCatalog.All.Select(d => Row(
            $"[{Text.Code(d.Id)}]({(readme.Contains($"\n### `{d.Id}`\n", StringComparison.Ordinal) ? "#" + d.Id : Page(d))})",
            d.Type == PolicyType.Mutating ? "mutate" : "validate",
            d.Help.OneLine)));

    private static string ParameterTable(PolicyDescriptor d) =>
        Row("parameter", "default", "meaning") + "|---|---|---|\n"
        + string.Concat(d.Parameters.Select(p => Row(Text.Code(p.Name), Default(p), p.Doc.Meaning)));

    private static string KindTable() =>
        Row("policy", "kinds it can run on", "default file") + "|---|---|---|\n"
        + string.Concat(PolicyCatalog.All.Select(d => Row(Text.Code(d.Id), string.Join(", ", d.SupportedKinds.Select(k => Text.Code(k.ToString()))), DefaultFile(d))));

    private static string ReferenceTable() =>
        Row("policy", "parameter", "type", "default", "rule") + "|---|---|---|---|---|\n"
        + string.Concat(PolicyCatalog.All.SelectMany(d => d.Parameters.Select((p, i) =>
            Row(i == 0 ? Text.Code(d.Id) : string.Empty, Text.Code(p.Name), TypeName(p), Default(p), p.Doc.Rule))));

    /// <summary>The kinds of the default policy file, in words.</summary>
    private static string DefaultFile(PolicyDescriptor d)
    {
        var inFile = d.Kinds.Where(k => k.InDefaultFile).Select(k => k.Kind.Kind).ToArray();
        return inFile.Length < d.Kinds.Count ? string.Join(", ", inFile)
            : inFile.Length switch { 1 => inFile[0], 2 => "both", _ => "all of them" };
    }

    private static string Default(PolicyParameter p) => p.Default == "none" ? "none" : Text.Code(p.Default);

    private static string TypeName(PolicyParameter p)
    {
        var type = Nullable.GetUnderlyingType(p.Type) ?? p.Type;
        return p.Doc.TypeName ?? (type == typeof(bool) ? "boolean"
            : type == typeof(string) ? "string"
            : type == typeof(long) || type == typeof(int) ? "whole number"
            : type == typeof(List<string>) ? "list of strings"
            : throw new GenerationException($"parameter {p.Name}: no name for the type {p.Type.Name}"));
    }

    private static string Row(params string[] cells) => "|" + string.Concat(cells.Select(c => c.Length == 0 ? " |" : $" {c} |")) + "\n";
}

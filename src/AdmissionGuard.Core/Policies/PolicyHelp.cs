using YamlDotNet.RepresentationModel;

namespace AdmissionGuard.Core.Policies;

/// <summary>
/// What reports say about a policy beyond its findings and its summary. SARIF rules carry all
/// of it, and code scanning shows it next to every alert. Written once, in Markdown, beside the
/// policy (<c>Policies/&lt;Name&gt;/&lt;id&gt;.help.md</c>): a front matter with the short fields,
/// then the help.
/// </summary>
/// <param name="Name">PascalCase name (SARIF <c>rule.name</c>).</param>
/// <param name="Description">A paragraph: what it checks and what satisfies it.</param>
/// <param name="Markdown">Why it matters and how to fix it; the plain-text help is derived from it.</param>
/// <param name="Tags">SARIF tags.</param>
/// <param name="SecuritySeverity">SARIF <c>security-severity</c> (CVSS-like, 0-10) for security policies; null otherwise.</param>
/// <param name="OneLine">What the policy requires and why, in one line of Markdown: the README's policy table (<c>make generate</c>).</param>
internal sealed record PolicyHelp(
    string Name,
    string Description,
    string Markdown,
    IReadOnlyList<string> Tags,
    string? SecuritySeverity,
    string OneLine)
{
    /// <summary>The embedded help files' resource names: <c>help/&lt;id&gt;.help.md</c>.</summary>
    public const string ResourcePrefix = "help/";

    /// <summary>Reads the embedded <c>&lt;id&gt;.help.md</c>; throws when the policy has none or it is malformed.</summary>
    public static PolicyHelp Read(string policyId)
    {
        var resource = $"{ResourcePrefix}{policyId}.help.md";
        using var stream = typeof(PolicyHelp).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidDataException($"no help for policy {policyId}: {resource} is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), resource);
    }

    /// <summary>Front matter between two <c>---</c> lines (YAML: name, description, oneLine, tags, securitySeverity), then Markdown.</summary>
    public static PolicyHelp Parse(string text, string source)
    {
        const string Fence = "---\n";
        var end = text.StartsWith(Fence, StringComparison.Ordinal) ? text.IndexOf("\n" + Fence, Fence.Length - 1, StringComparison.Ordinal) : -1;
        if (end < 0)
        {
            throw new InvalidDataException($"{source}: expected a front matter between two --- lines");
        }

        var yaml = new YamlStream();
        yaml.Load(new StringReader(text[Fence.Length..(end + 1)]));
        var fields = (YamlMappingNode)yaml.Documents[0].RootNode;
        string? Field(string name) => fields.Children.TryGetValue(new YamlScalarNode(name), out var v) ? ((YamlScalarNode)v).Value : null;
        string Required(string name) => Field(name) ?? throw new InvalidDataException($"{source}: front matter has no {name}");

        var tags = fields.Children.TryGetValue(new YamlScalarNode("tags"), out var t)
            ? ((YamlSequenceNode)t).Children.Select(n => ((YamlScalarNode)n).Value!).ToArray()
            : [];
        return new PolicyHelp(
            Required("name"),
            Required("description"),
            text[(end + 1 + Fence.Length)..].TrimEnd('\n'),
            tags,
            Field("securitySeverity"),
            Required("oneLine"));
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Policies;

/// <summary>
/// A policy's facts outside its folder follow its descriptor: the default policy files, the
/// chart's values schema and policy table, the README's policy list, each policy's doc and its
/// parameter tables. <c>make generate</c> writes them (GeneratedFilesTests holds it to that);
/// these read them as a user would, so a generator that goes wrong is caught too.
/// </summary>
public sealed partial class PolicyCatalogTests
{
    private static readonly string[] Ids = PolicyCatalog.All.Select(d => d.Id).Order(StringComparer.Ordinal).ToArray();

    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([Repository.Root, .. path]));

    [Fact]
    public void Every_id_is_distinct_and_a_kubernetes_name()
    {
        Assert.Equal(Ids.Length, Ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Ids, id => Assert.Matches("^[a-z][a-z0-9-]{0,62}$", id));
    }

    [Fact]
    public void The_default_policy_files_are_one_per_catalog_id()
    {
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "policies"), "*.yaml")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Ids, files);
        Assert.All(Ids, id => Assert.Contains($"name: {id}\n", Read("policies", id + ".yaml"), StringComparison.Ordinal));
    }

    [Fact]
    public void The_chart_values_schema_requires_a_key_for_every_id_and_no_other()
    {
        var policies = SchemaPolicies();

        Assert.Equal(Ids, policies["required"]!.AsArray().Select(k => ToId((string)k!)).Order(StringComparer.Ordinal));
        Assert.Equal(Ids, policies["properties"]!.AsObject().Select(p => ToId(p.Key)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_chart_values_schema_lists_each_policy_s_parameters()
    {
        var policies = SchemaPolicies()["properties"]!;
        foreach (var descriptor in PolicyCatalog.All)
        {
            var parameters = policies[ToValuesKey(descriptor.Id)]!["properties"]!["parameters"]!["properties"]!.AsObject();
            Assert.Equal(
                descriptor.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal),
                parameters.Select(p => p.Key).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_chart_policy_table_names_every_id_with_its_webhook_type()
    {
        var table = Read("charts", "admission-guard", "templates", "_helpers.tpl");
        var entries = ChartPolicyEntry().Matches(table).Select(m => (Key: m.Groups["key"].Value, Id: m.Groups["id"].Value, Type: m.Groups["type"].Value)).ToArray();

        Assert.Equal(Ids, entries.Select(e => e.Id).Order(StringComparer.Ordinal));
        foreach (var (key, id, type) in entries)
        {
            var descriptor = PolicyCatalog.Find(id)!;
            Assert.Equal(ToValuesKey(id), key);
            Assert.Equal(descriptor.Type == PolicyType.Mutating ? "mutating" : "validating", type);
        }
    }

    [Fact]
    public void The_readme_lists_every_policy_with_its_type_and_doc()
    {
        var readme = Read("README.md");
        var rows = ReadmePolicyRow().Matches(readme).Select(m => (Id: m.Groups["id"].Value, Type: m.Groups["type"].Value)).ToArray();

        Assert.Equal(Ids, rows.Select(r => r.Id).Order(StringComparer.Ordinal));
        foreach (var (id, type) in rows)
        {
            Assert.Equal(PolicyCatalog.Find(id)!.Type == PolicyType.Mutating ? "mutate" : "validate", type);
            Assert.Contains($"(docs/{id}.md)", readme, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(Repository.Root, "docs", id + ".md")), $"docs/{id}.md is missing");
        }
    }

    [Fact]
    public void Each_policy_doc_has_the_descriptor_s_parameters_and_defaults()
    {
        foreach (var descriptor in PolicyCatalog.All)
        {
            var rows = TableAfter(Read("docs", descriptor.Id + ".md"), "| parameter | default | meaning |")
                .Select(cells => (Name: Unquote(cells[0]), Default: Unquote(cells[1])))
                .ToArray();

            Assert.Equal(descriptor.Parameters.Select(p => p.Name), rows.Select(r => r.Name));
            foreach (var (parameter, row) in descriptor.Parameters.Zip(rows))
            {
                Assert.True(row.Default == parameter.Default, $"docs/{descriptor.Id}.md: {parameter.Name} defaults to {parameter.Default}, the table says {row.Default}");
            }
        }
    }

    [Fact]
    public void The_policy_file_reference_has_every_parameter_and_default()
    {
        var rows = TableAfter(Read("docs", "policies-files.md"), "| policy | parameter | type | default | rule |");
        var byPolicy = new Dictionary<string, List<(string Name, string Default)>>(StringComparer.Ordinal);
        var policy = string.Empty;
        foreach (var cells in rows)
        {
            policy = cells[0].Length > 0 ? Unquote(cells[0]) : policy;
            (byPolicy.TryGetValue(policy, out var list) ? list : byPolicy[policy] = []).Add((Unquote(cells[1]), Unquote(cells[3])));
        }

        Assert.Equal(Ids, byPolicy.Keys.Order(StringComparer.Ordinal));
        foreach (var descriptor in PolicyCatalog.All)
        {
            var listed = byPolicy[descriptor.Id];
            Assert.Equal(descriptor.Parameters.Select(p => p.Name), listed.Select(r => r.Name));
            foreach (var (parameter, row) in descriptor.Parameters.Zip(listed))
            {
                Assert.True(row.Default == parameter.Default, $"docs/policies-files.md: {descriptor.Id}.{parameter.Name} defaults to {parameter.Default}, the table says {row.Default}");
            }
        }
    }

    private static JsonNode SchemaPolicies() =>
        JsonNode.Parse(Read("charts", "admission-guard", "values.schema.json"))!["properties"]!["policies"]!;

    /// <summary>The chart keys policies in camelCase: <c>noPlaintextSecrets</c> is <c>no-plaintext-secrets</c>.</summary>
    private static string ToId(string valuesKey) => UpperCase().Replace(valuesKey, m => "-" + m.Value.ToLowerInvariant());

    private static string ToValuesKey(string id) => KebabSegment().Replace(id, m => m.Groups[1].Value.ToUpperInvariant());

    /// <summary>The cells of the Markdown table whose header is <paramref name="header"/>, header and separator skipped.</summary>
    private static IEnumerable<string[]> TableAfter(string markdown, string header)
    {
        var lines = markdown.Split('\n');
        var start = Array.IndexOf(lines, header);
        Assert.True(start >= 0, $"no table headed {header}");
        foreach (var line in lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')))
        {
            // A cell may hold an escaped bar (\|), as a regular expression's default does.
            var cells = UnescapedBar().Split(line.Trim().Trim('|')).Select(c => c.Trim().Replace("\\|", "|", StringComparison.Ordinal)).ToArray();
            yield return cells;
        }
    }

    /// <summary>A cell as the default text: <c>`true`</c> is <c>true</c>; prose after the value (<c>none (no bound)</c>) is dropped.</summary>
    private static string Unquote(string cell) =>
        cell.StartsWith('`') ? cell[1..cell.IndexOf('`', 1)]
        : cell.IndexOf(' ') is var space and >= 0 ? cell[..space]
        : cell;

    [GeneratedRegex(@"^(?<key>[a-zA-Z]+):\n  id: (?<id>[a-z0-9-]+)\n  type: (?<type>validating|mutating)$", RegexOptions.Multiline)]
    private static partial Regex ChartPolicyEntry();

    [GeneratedRegex(@"^\| \[`(?<id>[a-z0-9-]+)`\]\((?:#[a-z0-9-]+|docs/[a-z0-9-]+\.md)\) \| (?<type>validate|mutate) \|", RegexOptions.Multiline)]
    private static partial Regex ReadmePolicyRow();

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperCase();

    [GeneratedRegex("-([a-z0-9])")]
    private static partial Regex KebabSegment();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedBar();
}

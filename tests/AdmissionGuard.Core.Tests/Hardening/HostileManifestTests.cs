using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Core.Tests.Hardening;

/// <summary>
/// Manifests that the CLI (check, post-render) reads from a repository or a chart, built to
/// exhaust it: nested aliases that expand exponentially, and nesting 100,000 levels deep. Each
/// ends in an error document naming the line, with memory and time bounded.
/// </summary>
public sealed class HostileManifestTests
{
    [Fact]
    public void Nested_aliases_that_would_expand_to_billions_of_nodes_are_an_error_naming_the_line()
    {
        var lines = new List<string> { "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: lol", "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" };
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            lines.Add($"{level}: &{level} [{string.Join(',', Enumerable.Repeat($"*{previous}", 9))}]");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var document = Assert.Single(ManifestReader.Read(string.Join('\n', lines), "laughs.yaml"));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.True(document.IsError);
        Assert.Contains($"aliases expand to more than {ManifestReader.MaxAliasedNodes} nodes", document.Error, StringComparison.Ordinal);
        Assert.InRange(document.Line, 6, 13);
        Assert.True(allocated < 1024L * 1024 * 1024, $"{allocated} bytes allocated before refusing");
    }

    [Fact]
    public void Aliases_within_the_bound_are_expanded_as_before()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: &l {app: web, tier: front}\n  annotations: *l\ndata:\n  <<: *l\n";

        var document = Assert.Single(ManifestReader.Read(yaml, "anchors.yaml"));

        Assert.False(document.IsError, document.Error);
        Assert.Equal("web", (string?)document.Content!["metadata"]!["annotations"]!["app"]);
        Assert.Equal("front", (string?)document.Content["data"]!["tier"]);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void Nesting_100000_levels_deep_is_an_error_not_a_stack_overflow(string open, string close)
    {
        var deep = open == "- "
            ? string.Concat(Enumerable.Range(0, 100_000).Select(i => new string(' ', Math.Min(i, 300)) + "-\n"))
            : "a: " + string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000));

        var documents = ManifestReader.Read(deep, "deep.yaml");

        Assert.True(documents[^1].IsError);
        Assert.Contains($"nesting deeper than {ManifestReader.MaxDepth} levels", documents[^1].Error, StringComparison.Ordinal);
    }
}

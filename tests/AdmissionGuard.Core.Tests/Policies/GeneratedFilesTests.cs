using AdmissionGuard.PolicyFacts;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Policies;

/// <summary>
/// The files <c>make generate</c> writes from the policy descriptors (tools/PolicyFacts) are what it
/// would write now: the policy files' kinds and parameters, the chart's values, schema and policy
/// table, the docs' kind and parameter tables.
/// </summary>
public sealed class GeneratedFilesTests
{
    [Fact]
    public void Every_generated_file_is_current_run_make_generate_when_this_fails()
    {
        var stale = GeneratedFiles.Expected(Repository.Root)
            .Where(f => !File.Exists(Path.Combine(Repository.Root, f.Path)) || File.ReadAllText(Path.Combine(Repository.Root, f.Path)) != f.Content)
            .Select(f => f.Path)
            .ToArray();

        Assert.True(stale.Length == 0, $"{string.Join(", ", stale)} {(stale.Length == 1 ? "is" : "are")} stale: run make generate");
    }

    [Fact]
    public void A_region_keeps_the_lines_around_it_and_its_markers()
    {
        const string Text = "# hand\n# generated: x (make generate)\nold\n# end generated: x\n# after\n";

        var filled = Regions.Fill(Text, "f", name => name == "x" ? "new 1\nnew 2\n" : null, "x");

        Assert.Equal("# hand\n# generated: x (make generate)\nnew 1\nnew 2\n# end generated: x\n# after\n", filled);
    }

    [Theory]
    [InlineData("# generated: x\nold\n", "the region x has no line 'end generated: x'")]
    [InlineData("# generated: y\n# end generated: y\n", "no generator writes a region named y")]
    [InlineData("no markers\n", "no generated region x")]
    public void A_file_whose_regions_do_not_fit_names_the_file_and_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<GenerationException>(() => Regions.Fill(text, "docs/p.md", name => name == "x" ? string.Empty : null, "x"));

        Assert.StartsWith("docs/p.md", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Cli;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// check and post-render given a manifest built to exhaust them (a pull request's files, a chart's
/// output): nested aliases that would expand to billions of nodes, and nesting 100,000 deep. Both
/// commands stop with exit 2 and name the problem instead of running out of memory or stack.
/// </summary>
public sealed class HostileManifestCliTests
{
    private static readonly string Laughs = string.Join('\n',
        new[] { "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: lol", "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" }
            .Concat(Enumerable.Range('b', 8).Select(c => $"{(char)c}: &{(char)c} [{string.Join(',', Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]")));

    private static readonly string Deep = "a: " + new string('[', 100_000) + new string(']', 100_000);

    [Theory]
    [InlineData("aliases")]
    [InlineData("nesting")]
    public void Check_and_post_render_refuse_the_manifest_with_exit_2(string what)
    {
        var manifest = what == "aliases" ? Laughs : Deep;
        var expected = what == "aliases" ? "aliases expand to more than" : "nesting deeper than";
        using var directory = new TempDirectory();
        var file = directory.Write("hostile.yaml", manifest);

        var check = CliProcess.Run("check", file);
        var postRender = CliProcess.Run(["post-render"], stdin: manifest);

        Assert.True(check.ExitCode == 2, check.ToString());
        Assert.Contains(expected, check.All, StringComparison.Ordinal);
        Assert.True(postRender.ExitCode == 2, postRender.ToString());
        Assert.Contains(expected, postRender.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, postRender.Stdout);
    }
}

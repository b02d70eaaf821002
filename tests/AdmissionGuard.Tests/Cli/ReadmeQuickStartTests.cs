using System.Text.RegularExpressions;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>
/// The README's quick start, run as written: each command of its block, by a shell, from the
/// repository's root, with <c>admission-guard</c> and <c>helm</c> on PATH as <c>make install</c>
/// and a Helm installation put them. Every folder it names must be one the repository has.
/// </summary>
public sealed class ReadmeQuickStartTests : IDisposable
{
    /// <summary>The commands, in the README's order, and the exit code each must give (the README says which deny).</summary>
    private static readonly (string Command, int ExitCode)[] Expected =
    [
        ("admission-guard check examples/flux", 0),
        ("admission-guard check examples/argocd", 1),
        ("admission-guard check --chart examples/chart", 1),
        ("helm template shop examples/chart | admission-guard check -", 1),
        ("admission-guard check examples/deployment-without-checksum.json", 1),
        ("admission-guard check --kustomize examples/flux/apps/shop examples/flux/apps/shop-staging", 0),
        ("admission-guard check --fix --applier argocd examples/argocd/guestbook/pvc.yaml", 0),
    ];

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<int> Indexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Expected.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_quick_start_block_is_the_list_this_test_runs()
    {
        Assert.Equal(Expected.Select(e => e.Command).ToArray(), QuickStartCommands());
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Each_quick_start_command_runs_as_written(int index)
    {
        var (command, exitCode) = Expected[index];
        var bin = Directory.CreateDirectory(Path.Combine(temp.Path, "bin")).FullName;
        CliProcess.WriteWrapperScript(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "helm"), Repository.Helm(3));
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") + Path.PathSeparator + Path.GetDirectoryName(Repository.Kubectl),
            ["HELM_CONFIG_HOME"] = Path.Combine(temp.Path, "helm", "config"),
            ["HELM_CACHE_HOME"] = Path.Combine(temp.Path, "helm", "cache"),
            ["HELM_DATA_HOME"] = Path.Combine(temp.Path, "helm", "data"),
        };

        var result = CliProcess.Start("sh", ["-c", command], environment: environment);

        Assert.True(result.ExitCode == exitCode, $"{command}\n{result}");
        Assert.DoesNotContain("not found", result.Stderr);
        Assert.DoesNotContain("no such file or directory", result.Stderr);
        Assert.NotEmpty(result.Stdout);
    }

    /// <summary>The commands of the README's quick-start block, comments removed, continuation lines joined.</summary>
    private static string[] QuickStartCommands()
    {
        var readme = File.ReadAllText(Repository.Combine("README.md"));
        var section = readme.IndexOf("### Quick start", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no Quick start section");
        var block = Regex.Match(readme[section..], "```sh\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        return [.. block.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(line => Regex.Replace(line, @"\s+#\s.*$", string.Empty).Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Regex.Replace(line, @"\s+", " "))];
    }
}

using System.Text.RegularExpressions;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Tests.Cli;

public sealed class CheckExitCodeTests
{
    [Fact]
    public void Exits_0_for_manifests_that_break_no_policy()
    {
        var result = CliProcess.Run("check", Path.Combine(Testdata.Manifests, "clean.yaml"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 deny", result.Stdout);
    }

    [Fact]
    public void Exits_1_when_an_enforced_validation_fails()
    {
        var result = CliProcess.Run("check", Path.Combine(Testdata.Manifests, "deployment.yaml"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("config-checksum", result.Stdout);
    }

    [Fact]
    public void Exits_0_when_the_same_violation_only_warns_and_1_with_fail_on_warn()
    {
        var warnPolicies = Path.Combine(Testdata.Directory, "policies", "warn");
        var file = Path.Combine(Testdata.Manifests, "deployment.yaml");

        var warned = CliProcess.Run("check", "--policies", warnPolicies, "--output", "json", file);
        var failed = CliProcess.Run("check", "--policies", warnPolicies, "--fail-on", "warn", "--output", "json", file);

        Assert.True(warned.ExitCode == 0, warned.ToString());
        Assert.NotEmpty(Reports.Findings(Reports.Json(warned), "config-checksum", "warn"));
        Assert.True(failed.ExitCode == 1, failed.ToString());
    }

    [Fact]
    public void A_mutation_alone_does_not_fail_the_run()
    {
        var result = CliProcess.Run("check", "--output", "json", Path.Combine(Testdata.Manifests, "pvc.yaml"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEmpty(Reports.Findings(Reports.Json(result), "keep-stateful", "mutate"));
    }

    [Fact]
    public void Exits_2_for_a_missing_file_and_still_checks_the_others()
    {
        var result = CliProcess.Run("check", "--output", "json", "no/such/file.yaml", Path.Combine(Testdata.Manifests, "deployment.yaml"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no/such/file.yaml", result.Stderr);
        Assert.NotEmpty(Reports.Findings(Reports.Json(result), "config-checksum", "deny"));
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check", "--output", "xml", "x.yaml")]
    [InlineData("check", "--no-such-flag", "x.yaml")]
    [InlineData("check", "--fail-on", "never", "x.yaml")]
    [InlineData("check", "--in-place", "-")]
    [InlineData("post-render", "extra-argument")]
    public void Exits_2_on_a_usage_error(params string[] args)
    {
        var result = CliProcess.Run(args, stdin: string.Empty);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("admission-guard", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Exits_2_naming_file_line_and_field_when_a_policy_file_is_invalid()
    {
        var result = CliProcess.Run("check", "--policies", Path.Combine(Testdata.Directory, "policies", "invalid"), Path.Combine(Testdata.Manifests, "clean.yaml"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("config-checksum.yaml:6", result.Stderr);
        Assert.Contains("action", result.Stderr);
    }

    [Fact]
    public void Exits_2_when_the_policy_directory_does_not_exist()
    {
        var result = CliProcess.Run("check", "--policies", "no-such-dir", Path.Combine(Testdata.Manifests, "clean.yaml"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no-such-dir", result.Stderr);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("post-render")]
    public void Help_documents_every_exit_code(string command)
    {
        Output.Contains(Help(command), "Exit codes:", "0  clean", "1  an enforce-level validation failed", "2  usage error");
    }

    [Theory]
    [InlineData("check")]
    [InlineData("post-render")]
    public void Help_lists_every_policy_with_its_summary(string command)
    {
        var help = Help(command);

        Assert.All(PolicyCatalog.All, d => Assert.Matches($@"\n\s+{d.Id}\s+(validate|mutate)\s+{Regex.Escape(d.Summary)}", help));
    }

    [Fact]
    public void Check_help_says_comments_may_not_survive_in_place()
    {
        var result = CliProcess.Run("check", "--help");

        Assert.Contains("--in-place", result.Stdout);
        Assert.Contains("Comments", result.Stdout);
    }

    /// <summary>The help of <paramref name="command"/>, which exits 0.</summary>
    private static string Help(string command)
    {
        var result = CliProcess.Run(command, "--help");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }
}

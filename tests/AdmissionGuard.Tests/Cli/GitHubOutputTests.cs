using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary><c>check --output github</c> as a process: workflow commands as the GitHub Actions runner reads them.</summary>
public sealed class GitHubOutputTests : IDisposable
{
    private readonly TempDirectory repo = new();

    public void Dispose() => repo.Dispose();

    private ProcessResult Check(params string[] args) => CliProcess.Run(["check", "--output", "github", .. args], workingDirectory: repo.Path);

    private static string[] Lines(ProcessResult result) => result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void One_annotation_per_finding_at_its_file_and_line_and_the_summary_as_a_notice()
    {
        repo.Write("deploy/web.yaml", File.ReadAllText(Path.Combine(Testdata.Manifests, "deployment.yaml")));
        repo.Write("deploy/pvc.yaml", File.ReadAllText(Path.Combine(Testdata.Manifests, "pvc.yaml")));

        var result = Check("deploy");

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = Lines(result);
        Assert.Equal(3, lines.Length);
        Assert.Equal("::notice title=admission-guard check::2 objects in 2 files: 1 deny, 0 warn, 0 audit, 1 mutate. Exit code 1.", lines[0]);
        lines = lines[1..];
        Assert.StartsWith("::notice file=deploy/pvc.yaml,line=2,title=keep-stateful (mutate)%3A PersistentVolumeClaim shop/data::PersistentVolumeClaim shop/data: lacks helm.sh/resource-policy: keep", lines[0]);
        Assert.StartsWith("::error file=deploy/web.yaml,line=2,title=config-checksum (deny)%3A Deployment shop/web::Deployment shop/web: the pod template reads ConfigMap web-config", lines[1]);
        Assert.Contains(" (at spec.template.metadata.annotations). Fix: ", lines[1]);
    }

    [Fact]
    public void A_warning_is_a_warning_annotation()
    {
        repo.Copy(Path.Combine(Testdata.Manifests, "deployment.yaml"), "web.yaml");

        var result = Check("--policies", Path.Combine(Testdata.Directory, "policies", "warn"), "web.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("::warning file=web.yaml,line=2,title=config-checksum (warn)%3A Deployment shop/web::", Lines(result)[1]);
    }

    [Fact]
    public void Properties_escape_percent_cr_lf_colon_and_comma_and_data_escapes_percent_cr_lf()
    {
        // A file name with the characters a property must escape, and a ConfigMap name with a percent sign
        // (read by check, though the API server would refuse it), which the message repeats.
        var manifest = File.ReadAllText(Path.Combine(Testdata.Manifests, "deployment.yaml")).Replace("name: web-config", "name: \"web%config\"", StringComparison.Ordinal);
        repo.Write("a,b:100%.yaml", manifest);

        var result = Check("a,b:100%.yaml");

        var error = Lines(result)[1];
        Assert.StartsWith("::error file=a%2Cb%3A100%25.yaml,line=2,title=config-checksum (deny)%3A Deployment shop/web::", error);
        var data = error[(error.IndexOf("::", 2, StringComparison.Ordinal) + 2)..];
        Assert.Contains("ConfigMap web%25config", data);
        Assert.DoesNotContain("%2C", data);
        Assert.Contains(": ", data);
    }

    [Fact]
    public void Line_breaks_in_a_message_are_escaped_so_each_annotation_stays_on_one_line()
    {
        Assert.Equal("::error file=x%0D%0Ay.yaml,line=3,title=t%3A a%2Cb::one%0D%0Atwo%25 :,\n", AdmissionGuard.Cli.Output.GitHubReportWriter.Command("error", "x\r\ny.yaml", 3, "t: a,b", "one\r\ntwo% :,"));
    }

    [Fact]
    public void Input_errors_are_error_annotations_and_the_run_exits_2()
    {
        repo.Copy(Path.Combine(Testdata.Other, "broken.yaml"));
        repo.Copy(Path.Combine(Testdata.Manifests, "clean.yaml"));

        var result = Check(".");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(Lines(result), l => l.StartsWith("::error file=broken.yaml,line=", StringComparison.Ordinal) && l.Contains("title=admission-guard%3A input error::", StringComparison.Ordinal));
        Assert.StartsWith("::notice title=admission-guard check::", Lines(result)[0]);
        Assert.EndsWith("Exit code 2.", Lines(result)[0]);
    }

    [Fact]
    public void Baselined_findings_are_notices_and_stale_entries_notices_on_the_baseline_file()
    {
        repo.Copy(Path.Combine(Testdata.Manifests, "deployment.yaml"), "web.yaml");
        repo.Copy(Path.Combine(Testdata.Other, "hook-job.yaml"), "migrate.yaml");
        CliProcess.Run(["check", "--write-baseline", "baseline.yaml", "."], workingDirectory: repo.Path);
        File.Delete(Path.Combine(repo.Path, "migrate.yaml"));

        var result = Check("--baseline", "baseline.yaml", ".");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = Lines(result)[1..];
        Assert.StartsWith("::notice file=web.yaml,line=2,title=config-checksum (deny%2C baselined)%3A Deployment shop/web::", lines[0]);
        Assert.StartsWith("::notice file=baseline.yaml,title=stale baseline entry::Job shop/migrate hook-deadline", lines[1]);
        Assert.Contains("no longer occurs: rewrite the file with admission-guard check --write-baseline baseline.yaml", lines[1]);
    }
}

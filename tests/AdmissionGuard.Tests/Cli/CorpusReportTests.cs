using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

public sealed class CorpusReportTests
{
    /// <summary>The CLI the report tool runs: the built dll, or ADMISSION_GUARD_EXECUTABLE.</summary>
    private static string Cli => ChildProcess.NativeExecutable ?? CliProcess.Dll;

    [Fact]
    public void Docs_corpus_report_is_what_make_corpus_report_produces_now()
    {
        var tool = Repository.Built(Path.Combine("tools", "CorpusReport"), "CorpusReport.dll");

        var result = CliProcess.Start(CliProcess.DotnetHost, [tool, "--cli", Cli, "--corpus", Repository.Corpus, "--out", Repository.Combine("docs", "corpus-report.md"), "--check"]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>
    /// The GitOps corpus's findings per file and policy, and each finding's text, are pinned by
    /// docs/corpus-gitops-report.md: any drift fails until the report is regenerated on purpose
    /// (make corpus-gitops-report) and the change reviewed.
    /// </summary>
    [Fact]
    public void Docs_corpus_gitops_report_is_what_make_corpus_gitops_report_produces_now()
    {
        var tool = Repository.Built(Path.Combine("tools", "CorpusReport"), "CorpusReport.dll");

        var result = CliProcess.Start(CliProcess.DotnetHost, [tool, "--cli", Cli, "--corpus", Repository.GitOpsCorpus, "--out", Repository.Combine("docs", "corpus-gitops-report.md"), "--check"]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Checks_every_corpus_file_without_an_input_error()
    {
        var files = Directory.GetFiles(Repository.Corpus, "*.yaml");

        var result = CliProcess.Run(["check", "--output", "json", .. files]);

        var report = Reports.Json(result);
        Assert.Equal(files.Length, Reports.Summary(report, "files"));
        Assert.Equal(0, Reports.Summary(report, "errors"));
        Assert.True(Reports.Summary(report, "objects") > 1000);
    }
}

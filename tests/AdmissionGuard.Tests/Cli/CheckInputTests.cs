using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Cli;

public sealed class CheckInputTests
{
    [Fact]
    public void Reads_standard_input_when_the_path_is_a_dash()
    {
        var manifest = File.ReadAllText(Path.Combine(Testdata.Manifests, "deployment.yaml"));

        var result = CliProcess.Run(["check", "--output", "json", "-"], stdin: manifest);

        Assert.True(result.ExitCode == 1, result.ToString());
        var finding = Assert.Single(Reports.Findings(Reports.Json(result), "config-checksum", "deny"));
        Assert.Equal("-", (string?)finding["file"]);
        Assert.Equal(2, (int)finding["line"]!);
    }

    [Fact]
    public void Names_the_file_and_line_of_a_yaml_syntax_error_and_still_checks_the_other_files()
    {
        var broken = Path.Combine(Testdata.Other, "broken.yaml");
        var deployment = Path.Combine(Testdata.Manifests, "deployment.yaml");

        var result = CliProcess.Run("check", "--output", "json", broken, deployment);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches(@"broken\.yaml:(9|10): YAML syntax error at line (9|10)", result.Stderr);
        var report = Reports.Json(result);
        Assert.Equal(1, Reports.Summary(report, "errors"));
        Assert.NotEmpty(Reports.Findings(report, "config-checksum", "deny"));
        // The document before the error was read and judged.
        Assert.Equal(2, Reports.Summary(report, "objects"));
    }

    [Fact]
    public void Judges_every_document_of_a_stream_and_every_item_of_a_list()
    {
        var report = JsonReport(exitCode: 0, Path.Combine(Testdata.Other, "list.yaml"), Path.Combine(Testdata.Manifests, "clean.yaml"));
        // v1 List (2 items) + ConfigMapList (1 item) + ConfigMap + Service.
        Assert.Equal(5, Reports.Summary(report, "objects"));
        var mutation = Assert.Single(Reports.Findings(report, "keep-stateful", "mutate"));
        Assert.Equal("cache", (string?)mutation["name"]);
        Assert.Equal(1, (int)mutation["document"]!);
        Assert.StartsWith("items[0]", (string?)mutation["path"]);
    }

    [Fact]
    public void Reads_a_file_of_concatenated_json_objects()
    {
        var report = JsonReport(exitCode: 0, Path.Combine(Testdata.Other, "objects.json"));
        Assert.Equal(2, Reports.Summary(report, "objects"));
        var mutation = Assert.Single(Reports.Findings(report, "keep-stateful", "mutate"));
        Assert.Equal(2, (int)mutation["document"]!);
        Assert.Equal(7, (int)mutation["line"]!);
    }

    [Fact]
    public void Searches_directories_recursively_for_yaml_yml_and_json_files()
    {
        var result = CliProcess.Run(["check", "--output", "json", "manifests"], workingDirectory: Testdata.Directory);

        var report = Reports.Json(result);
        var files = Reports.Findings(report).Select(f => (string?)f["file"]).Distinct().ToList();
        // clean.yaml (2 objects), deployment.yaml, pvc.yaml, nested/service.yml (2), nested/deeper/more.json; not README.txt.
        Assert.Equal(5, Reports.Summary(report, "files"));
        Assert.Equal(7, Reports.Summary(report, "objects"));
        Assert.Contains("manifests/deployment.yaml", files);
        Assert.Contains("manifests/pvc.yaml", files);
        var inputs = report["summary"]!["inputs"]!.AsArray().Select(i => (string)i!["file"]!).ToArray();
        Assert.Equal(["manifests/clean.yaml", "manifests/deployment.yaml", "manifests/nested/deeper/more.json", "manifests/nested/service.yml", "manifests/pvc.yaml"], inputs);
        Assert.True(result.ExitCode == 1, result.ToString());
    }

    [Fact]
    public void Reports_documents_that_are_not_objects_as_skipped_and_judges_the_rest()
    {
        var result = CliProcess.Run("check", Path.Combine(Testdata.Other, "not-objects.yaml"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Output.Contains(
            result.Stdout,
            "skipped document 1 (line 2): a scalar",
            "skipped document 2 (line 4): a sequence",
            "skipped document 3 (line 7): a mapping without apiVersion and kind",
            "1 object in 1 file",
            "3 documents skipped");
    }

    [Fact]
    public void Passes_a_sops_encrypted_secret_and_a_sealed_secret()
    {
        var report = JsonReport(exitCode: 0, Path.Combine(Testdata.Other, "secret-sops.yaml"), Path.Combine(Testdata.Other, "sealed-secret.yaml"));

        Assert.Empty(Reports.Findings(report, "no-plaintext-secrets", "deny"));
    }

    [Theory]
    [InlineData("secret-data.yaml")]
    [InlineData("secret-stringdata.yaml")]
    [InlineData("env-literal.yaml")]
    public void Denies_plaintext_credentials_in_data_string_data_and_env_values(string file)
    {
        var report = JsonReport(exitCode: 1, Path.Combine(Testdata.Other, file));

        Assert.NotEmpty(Reports.Findings(report, "no-plaintext-secrets", "deny"));
    }

    [Fact]
    public void Denies_a_helm_hook_job_without_a_deadline()
    {
        var report = JsonReport(exitCode: 1, Path.Combine(Testdata.Other, "hook-job.yaml"));

        Assert.NotEmpty(Reports.Findings(report, "hook-deadline", "deny"));
    }

    /// <summary>The JSON report of <c>check</c> on <paramref name="files"/>, which exits with <paramref name="exitCode"/>.</summary>
    private static JsonObject JsonReport(int exitCode, params string[] files) =>
        Reports.Json(CliProcess.Run(["check", "--output", "json", .. files]), exitCode);
}

using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary><c>check --exceptions PATH</c> as a process: PolicyExceptions from Git, honoured as the webhook honours them.</summary>
public sealed class CheckExceptionsTests : IDisposable
{
    private readonly TempDirectory repo = new();

    public CheckExceptionsTests() => repo.Copy(Path.Combine(Testdata.Other, "hook-job.yaml"), "migrate.yaml");

    public void Dispose() => repo.Dispose();

    private static string Exception(DateTimeOffset expiresAt, string reason = "  reason: vendor chart, fixed in its 2.0\n") => $"""
        apiVersion: admission-guard.io/v1alpha1
        kind: PolicyException
        metadata: {"{"}name: legacy-migrate, namespace: shop{"}"}
        spec:
          policies: [hook-deadline]
          match:
            kinds: [Job]
            names: ["migr*"]
        {reason}  ticket: OPS-123
          expiresAt: "{expiresAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}"

        """;

    private ProcessResult Check(params string[] args) => CliProcess.Run(["check", .. args], workingDirectory: repo.Path);

    [Fact]
    public void An_exception_in_force_turns_the_denial_into_a_skip_naming_it_and_its_expiry()
    {
        var expires = DateTimeOffset.UtcNow.AddDays(30);
        repo.Write("exceptions/legacy.yaml", Exception(expires));

        var result = Check("--exceptions", "exceptions", "--output", "json", "migrate.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        var finding = Assert.Single(Reports.Findings(Reports.Json(result), "hook-deadline", "skip"));
        Assert.StartsWith($"excepted by PolicyException shop/legacy-migrate until {expires.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (vendor chart, fixed in its 2.0, OPS-123): ", (string?)finding["message"]);
        Assert.Equal(1, Reports.Summary(Reports.Json(result), "skip"));

        var text = Check("--exceptions", "exceptions/legacy.yaml", "migrate.yaml");
        Output.Contains(
            text.Stdout,
            "    skip   hook-deadline: excepted by PolicyException shop/legacy-migrate",
            "0 deny, 0 warn, 0 audit, 0 mutate, 1 skip (excepted). Exit code 0.");
    }

    [Fact]
    public void An_expired_exception_is_honoured_nowhere_and_the_denial_fails_the_run_again()
    {
        repo.Write("exceptions/legacy.yaml", Exception(DateTimeOffset.UtcNow.AddDays(-1)));

        var result = Check("--exceptions", "exceptions", "migrate.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("    deny   hook-deadline:", result.Stdout);
        Output.Contains(
            result.Stderr,
            "admission-guard: note: PolicyException shop/legacy-migrate (exceptions/legacy.yaml:1) expired at ",
            "; it is not honoured");
    }

    [Fact]
    public void An_exception_without_a_reason_is_exit_2_naming_file_line_and_field()
    {
        repo.Write("exceptions/legacy.yaml", "# an exception\n---\n" + Exception(DateTimeOffset.UtcNow.AddDays(5), reason: string.Empty));

        var result = Check("--exceptions", "exceptions", "migrate.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("admission-guard: exceptions/legacy.yaml:3: spec.reason: required: why the objects may not comply yet", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void An_exception_further_ahead_than_max_exception_days_is_exit_2()
    {
        repo.Write("exceptions/legacy.yaml", Exception(DateTimeOffset.UtcNow.AddDays(120)));

        var result = Check("--exceptions", "exceptions", "migrate.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Output.Contains(result.Stderr, "exceptions/legacy.yaml:1: spec.expiresAt: ", "is more than 90 days ahead");
    }

    [Fact]
    public async Task Sarif_suppresses_an_excepted_result_junit_skips_it_and_github_makes_it_a_notice()
    {
        repo.Write("exceptions/legacy.yaml", Exception(DateTimeOffset.UtcNow.AddDays(30)));

        var sarif = Check("--exceptions", "exceptions", "--output", "sarif", "migrate.yaml");
        var junit = Check("--exceptions", "exceptions", "--output", "junit", "migrate.yaml");
        var github = Check("--exceptions", "exceptions", "--output", "github", "migrate.yaml");

        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Reports.SarifSchema);
        Assert.Empty(schema.Validate(sarif.Stdout));
        var result = System.Text.Json.Nodes.JsonNode.Parse(sarif.Stdout)!["runs"]![0]!["results"]![0]!;
        Assert.Equal("note", (string?)result["level"]);
        Assert.Equal("external", (string?)result["suppressions"]![0]!["kind"]);
        Assert.StartsWith("excepted by PolicyException shop/legacy-migrate until ", (string?)result["suppressions"]![0]!["justification"]);

        var testcase = System.Xml.Linq.XDocument.Parse(junit.Stdout).Descendants("testcase").Single(c => ((string?)c.Attribute("name"))!.Contains("[hook-deadline]", StringComparison.Ordinal));
        Assert.StartsWith("skip: excepted by PolicyException shop/legacy-migrate until ", (string?)testcase.Element("skipped")!.Attribute("message"));
        Assert.Null(testcase.Element("failure"));

        Assert.Contains("::notice file=migrate.yaml,line=2,title=hook-deadline (skip)%3A Job shop/migrate::", github.Stdout);
        Assert.All([sarif, junit, github], r => Assert.Equal(0, r.ExitCode));
    }

    [Fact]
    public void A_missing_exceptions_path_is_exit_2()
    {
        var result = Check("--exceptions", "nowhere", "migrate.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("admission-guard: --exceptions nowhere: no such file or directory", result.Stderr);
    }
}

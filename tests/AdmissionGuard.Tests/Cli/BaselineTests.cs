using AdmissionGuard.Testing;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace AdmissionGuard.Tests.Cli;

/// <summary><c>check --baseline</c> and <c>--write-baseline</c> as processes, on a small repository with existing findings.</summary>
public sealed class BaselineTests : IDisposable
{
    private readonly TempDirectory repo = new();

    public BaselineTests()
    {
        repo.Copy(Path.Combine(Testdata.Manifests, "deployment.yaml"), "web.yaml");
        repo.Copy(Path.Combine(Testdata.Other, "hook-job.yaml"), "migrate.yaml");
        repo.Copy(Path.Combine(Testdata.Manifests, "pvc.yaml"), "pvc.yaml");
    }

    public void Dispose() => repo.Dispose();

    private ProcessResult Check(params string[] args) => CliProcess.Run(["check", .. args], workingDirectory: repo.Path);

    private string BaselinePath => Path.Combine(repo.Path, "baseline.yaml");

    [Fact]
    public void Write_baseline_records_todays_denials_sorted_and_the_same_bytes_every_time()
    {
        var written = Check("--write-baseline", "baseline.yaml", "web.yaml", "migrate.yaml", "pvc.yaml");
        var first = File.ReadAllText(BaselinePath);
        var again = Check("--write-baseline", "baseline.yaml", "pvc.yaml", "migrate.yaml", "web.yaml");

        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.Contains("wrote 2 baseline entries to baseline.yaml", written.Stderr);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(first, File.ReadAllText(BaselinePath));
        Assert.Contains("version: 1\n", first);

        // Sorted by kind: Deployment before Job; mutations (keep-stateful) fail nothing and are not recorded.
        var deployment = first.IndexOf("kind: \"Deployment\"", StringComparison.Ordinal);
        var job = first.IndexOf("kind: \"Job\"", StringComparison.Ordinal);
        Assert.True(deployment > 0 && job > deployment, first);
        Assert.DoesNotContain("keep-stateful", first);
        Assert.Contains("    rule: \"spec.template.metadata.annotations\"\n", first);
        Assert.DoesNotContain("line:", first);
    }

    [Fact]
    public void Baselined_findings_are_reported_and_fail_nothing_while_a_new_one_fails()
    {
        Check("--write-baseline", "baseline.yaml", ".");
        repo.Write("new.yaml", File.ReadAllText(Path.Combine(Testdata.Manifests, "deployment.yaml")).Replace("name: web\n", "name: shop-api\n", StringComparison.Ordinal));

        var result = Check("--baseline", "baseline.yaml", "--output", "json", ".");

        var report = Reports.Json(result, exitCode: 1);
        var denials = Reports.Findings(report).Where(f => (string?)f["result"] == "deny").ToList();
        Assert.Equal(3, denials.Count);
        Assert.All(denials, f => Assert.Equal((string?)f["name"] != "shop-api", (bool)f["baselined"]!));
        Assert.Equal(2, (int)report["summary"]!["baseline"]!["baselined"]!);
        Assert.Empty(report["summary"]!["baseline"]!["stale"]!.AsArray());
    }

    [Fact]
    public void Entries_match_by_object_policy_and_rule_not_by_line()
    {
        Check("--write-baseline", "baseline.yaml", "web.yaml");

        // Other documents and comments before the object move it down the file.
        var moved = "# a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config, namespace: other}\ndata: {a: b}\n---\n"
            + File.ReadAllText(Path.Combine(repo.Path, "web.yaml"));
        File.WriteAllText(Path.Combine(repo.Path, "web.yaml"), moved);
        var result = Check("--baseline", "baseline.yaml", "web.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("deny   (baselined) config-checksum:", result.Stdout);
        Assert.Contains("1 baselined", result.Stdout);
    }

    [Fact]
    public void Entries_that_no_longer_occur_are_listed_as_stale_with_a_hint_to_rewrite_the_file()
    {
        Check("--write-baseline", "baseline.yaml", ".");
        File.Delete(Path.Combine(repo.Path, "migrate.yaml"));

        var result = Check("--baseline", "baseline.yaml", ".");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("stale entries of baseline.yaml (no longer found; rewrite it with --write-baseline baseline.yaml):\n  Job shop/migrate hook-deadline", result.Stdout);
        Assert.Contains("1 baselined, 1 stale baseline entry", result.Stdout);
        Assert.Contains("1 entry of baseline.yaml no longer occurs: rewrite it with admission-guard check --write-baseline baseline.yaml", result.Stderr);

        var json = Reports.Json(Check("--baseline", "baseline.yaml", "--output", "json", "."));
        var stale = Assert.Single(json["summary"]!["baseline"]!["stale"]!.AsArray())!;
        Assert.Equal("Job", (string?)stale["kind"]);
        Assert.Equal("shop", (string?)stale["namespace"]);
        Assert.Equal("migrate", (string?)stale["name"]);
        Assert.Equal("hook-deadline", (string?)stale["policy"]);

        var rewritten = Check("--baseline", "baseline.yaml", "--write-baseline", "baseline.yaml", ".");
        Assert.True(rewritten.ExitCode == 0, rewritten.ToString());
        Assert.DoesNotContain("Job", File.ReadAllText(BaselinePath));
    }

    [Fact]
    public void With_fail_on_warn_a_baselined_warning_fails_nothing()
    {
        var policies = Path.Combine(Testdata.Directory, "policies", "warn");
        Check("--policies", policies, "--write-baseline", "baseline.yaml", "web.yaml");

        var result = Check("--policies", policies, "--fail-on", "warn", "--baseline", "baseline.yaml", "web.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warn   (baselined) config-checksum", result.Stdout);
    }

    [Theory]
    [InlineData("version: 2\nfindings: []\n", "baseline.yaml:1: version: unsupported version '2'")]
    [InlineData("findings: []\n", "baseline.yaml:1: version: required: 1")]
    [InlineData("version: 1\nfindings:\n  - kind: Deployment\n    namespace: shop\n    policy: config-checksum\n", "baseline.yaml:3: findings[0].name: required")]
    [InlineData("version: 1\nfindings:\n  - kind: Deployment\n    name: web\n    policy: config-checksum\n    lines: 3\n", "baseline.yaml:6: findings[0].lines: unknown field")]
    [InlineData("version: 1\nfindings:\n  - kind: [Deployment]\n    name: web\n    policy: config-checksum\n", "baseline.yaml:3: findings[0].kind: expected a string")]
    [InlineData("version: 1\nfindings: {kind: Deployment}\n", "baseline.yaml:2: findings: expected a list of findings")]
    [InlineData("version: 1\nfindings: [\n", "baseline.yaml:3: (yaml): YAML syntax error")]
    [InlineData("- a\n- b\n", "baseline.yaml:1: (document): expected one mapping")]
    public void An_invalid_baseline_file_is_exit_2_naming_file_and_field(string content, string message)
    {
        repo.Write("baseline.yaml", content);

        var result = Check("--baseline", "baseline.yaml", "web.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("admission-guard: --baseline " + message, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void A_missing_baseline_file_is_exit_2()
    {
        var result = Check("--baseline", "no-such.yaml", "web.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("admission-guard: --baseline no-such.yaml: (file): no such file", result.Stderr);
    }

    [Fact]
    public void Write_baseline_writes_nothing_when_an_input_has_errors()
    {
        repo.Copy(Path.Combine(Testdata.Other, "broken.yaml"));

        var result = Check("--write-baseline", "baseline.yaml", ".");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--write-baseline wrote nothing to baseline.yaml: the input has errors", result.Stderr);
        Assert.False(File.Exists(BaselinePath));
    }

    [Fact]
    public async Task Sarif_marks_baselined_results_unchanged_and_suppressed_and_the_others_new()
    {
        Check("--write-baseline", "baseline.yaml", "web.yaml");

        var result = Check("--baseline", "baseline.yaml", "--output", "sarif", "web.yaml", "migrate.yaml");

        var schema = await JsonSchema.FromFileAsync(Reports.SarifSchema);
        var errors = schema.Validate(result.Stdout);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")) + "\n" + result.Stdout);
        var results = JsonNode.Parse(result.Stdout)!["runs"]![0]!["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var web = results.Single(r => (string?)r["ruleId"] == "config-checksum");
        var job = results.Single(r => (string?)r["ruleId"] == "hook-deadline");
        Assert.Equal("unchanged", (string?)web["baselineState"]);
        Assert.Equal("external", (string?)web["suppressions"]![0]!["kind"]);
        Assert.Equal("new", (string?)job["baselineState"]);
        Assert.Null(job["suppressions"]);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Junit_reports_a_baselined_denial_as_skipped_not_failed()
    {
        Check("--write-baseline", "baseline.yaml", "web.yaml");

        var result = Check("--baseline", "baseline.yaml", "--output", "junit", "web.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        var xml = System.Xml.Linq.XDocument.Parse(result.Stdout);
        var testcase = xml.Descendants("testcase").Single(c => ((string?)c.Attribute("name"))!.Contains("[config-checksum]", StringComparison.Ordinal));
        Assert.StartsWith("baselined: ", (string?)testcase.Element("skipped")!.Attribute("message"));
        Assert.Null(testcase.Element("failure"));
        Assert.Equal("0", (string?)xml.Root!.Attribute("failures"));
    }
}

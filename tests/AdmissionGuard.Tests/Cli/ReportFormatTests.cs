using System.Text.Json.Nodes;
using System.Xml.Linq;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Testing;
using NJsonSchema;

namespace AdmissionGuard.Tests.Cli;

public sealed class ReportFormatTests
{
    private static readonly string[] FindingFields = ["file", "line", "document", "apiVersion", "kind", "namespace", "name", "policy", "result", "message", "path"];

    private static string Deployment => Path.Combine(Testdata.Manifests, "deployment.yaml");

    private static string Pvc => Path.Combine(Testdata.Manifests, "pvc.yaml");

    private static string Clean => Path.Combine(Testdata.Manifests, "clean.yaml");

    [Fact]
    public void Text_report_groups_findings_by_file_and_object_with_policy_message_path_fix_and_a_summary()
    {
        var result = CliProcess.Run(["check", "manifests/deployment.yaml", "manifests/pvc.yaml"], workingDirectory: Testdata.Directory);

        var lines = result.Stdout.Split('\n');
        var file = Array.IndexOf(lines, "manifests/deployment.yaml");
        Assert.True(file >= 0, result.ToString());
        Assert.StartsWith("  Deployment shop/web  (line 2, document 1)", lines[file + 1]);
        Assert.StartsWith("    deny   config-checksum: ", lines[file + 2]);
        Assert.Contains("web-config", lines[file + 2]);
        Output.Contains(
            result.Stdout,
            "at spec.template.metadata.annotations",
            // A plain file, not rendered by Helm: the fix is kustomize's generator, not a chart snippet.
            "fix: generate ConfigMap web-config with kustomize's configMapGenerator",
            "  PersistentVolumeClaim shop/data",
            "mutate keep-stateful: ");
        Assert.EndsWith("2 objects in 2 files: 1 deny, 0 warn, 0 audit, 1 mutate. Exit code 1.\n", result.Stdout);
        Assert.DoesNotMatch("\u001b\\[[0-9;]*m", result.Stdout);
    }

    [Fact]
    public void Json_report_has_exactly_the_documented_finding_fields_and_a_summary()
    {
        var result = CliProcess.Run(["check", "--output", "json", "manifests/deployment.yaml", "manifests/pvc.yaml", "manifests/clean.yaml"], workingDirectory: Testdata.Directory);

        var report = Reports.Json(result);
        Assert.Equal(["findings", "summary"], report.Select(p => p.Key).ToArray());
        foreach (var finding in Reports.Findings(report))
        {
            Assert.Equal(FindingFields, finding.Select(p => p.Key).ToArray());
            Assert.Contains((string?)finding["result"], new[] { "deny", "warn", "audit", "mutate" });
        }

        var deny = Assert.Single(Reports.Findings(report, "config-checksum", "deny"));
        Assert.Equal("manifests/deployment.yaml", (string?)deny["file"]);
        Assert.Equal(2, (int)deny["line"]!);
        Assert.Equal(1, (int)deny["document"]!);
        Assert.Equal("apps/v1", (string?)deny["apiVersion"]);
        Assert.Equal("Deployment", (string?)deny["kind"]);
        Assert.Equal("shop", (string?)deny["namespace"]);
        Assert.Equal("web", (string?)deny["name"]);
        Assert.Equal("spec.template.metadata.annotations", (string?)deny["path"]);

        Assert.Equal(3, Reports.Summary(report, "files"));
        Assert.Equal(4, Reports.Summary(report, "objects"));
        Assert.Equal(1, Reports.Summary(report, "deny"));
        Assert.Equal(1, Reports.Summary(report, "mutate"));
        Assert.Equal(1, Reports.Summary(report, "exitCode"));
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Sarif_report_is_valid_against_the_sarif_2_1_0_schema()
    {
        var result = CliProcess.Run(["check", "--output", "sarif", "manifests", "other/broken.yaml", "other/hook-job.yaml"], workingDirectory: Testdata.Directory);

        var schema = await JsonSchema.FromFileAsync(Reports.SarifSchema);
        var errors = schema.Validate(result.Stdout);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")) + "\n" + result.Stdout);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Sarif_report_has_a_rule_per_policy_and_a_located_result_per_finding()
    {
        var result = CliProcess.Run(["check", "--output", "sarif", "manifests/deployment.yaml", "manifests/pvc.yaml"], workingDirectory: Testdata.Directory);

        var sarif = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal("2.1.0", (string?)sarif["version"]);
        Assert.StartsWith("https://", (string?)sarif["$schema"]);
        var run = sarif["runs"]!.AsArray().Single()!.AsObject();
        var driver = run["tool"]!["driver"]!.AsObject();
        Assert.Equal("AdmissionGuard", (string?)driver["name"]);
        Assert.StartsWith("https://", (string?)driver["informationUri"]);
        Assert.False(string.IsNullOrEmpty((string?)driver["version"]));

        var rules = driver["rules"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(PolicyCatalog.All.Select(d => d.Id).Order(StringComparer.Ordinal), rules.Select(r => (string)r["id"]!).ToArray());
        foreach (var rule in rules)
        {
            Assert.False(string.IsNullOrEmpty((string?)rule["name"]));
            Assert.False(string.IsNullOrEmpty((string?)rule["shortDescription"]!["text"]));
            Assert.False(string.IsNullOrEmpty((string?)rule["fullDescription"]!["text"]));
            Assert.False(string.IsNullOrEmpty((string?)rule["help"]!["text"]));
            Assert.False(string.IsNullOrEmpty((string?)rule["help"]!["markdown"]));
            Assert.Contains((string?)rule["defaultConfiguration"]!["level"], new[] { "error", "warning", "note" });
            Assert.NotEmpty(rule["properties"]!["tags"]!.AsArray());
        }

        var results = run["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var deny = Assert.Single(results, r => (string?)r["ruleId"] == "config-checksum");
        Assert.Equal("error", (string?)deny["level"]);
        Assert.Equal(0, (int)deny["ruleIndex"]!);
        Assert.StartsWith("Deployment shop/web: ", (string?)deny["message"]!["text"]);
        var location = deny["locations"]!.AsArray().Single()!.AsObject();
        Assert.Equal("manifests/deployment.yaml", (string?)location["physicalLocation"]!["artifactLocation"]!["uri"]);
        Assert.Equal(2, (int)location["physicalLocation"]!["region"]!["startLine"]!);
        var logical = location["logicalLocations"]!.AsArray().Single()!;
        Assert.Equal("Deployment/shop/web", (string?)logical["fullyQualifiedName"]);
        Assert.Equal("object", (string?)logical["kind"]);
        Assert.NotEmpty(deny["partialFingerprints"]!.AsObject());

        var mutate = Assert.Single(results, r => (string?)r["ruleId"] == "keep-stateful");
        Assert.Equal("note", (string?)mutate["level"]);
        Assert.Equal(2, (int)mutate["ruleIndex"]!);
    }

    [Fact]
    public void Sarif_fingerprints_stay_the_same_when_the_object_moves_down_the_file()
    {
        using var temp = new TempDirectory();
        var original = File.ReadAllText(Deployment);
        temp.Write("app.yaml", original);
        var before = CliProcess.Run(["check", "--output", "sarif", "app.yaml"], workingDirectory: temp.Path);
        temp.Write("app.yaml", "# a new comment\n# and another\n" + original);
        var after = CliProcess.Run(["check", "--output", "sarif", "app.yaml"], workingDirectory: temp.Path);

        static JsonNode Result(ProcessResult r) => JsonNode.Parse(r.Stdout)!["runs"]![0]!["results"]![0]!;
        Assert.Equal(2, (int)Result(before)["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!);
        Assert.Equal(4, (int)Result(after)["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!);
        Assert.Equal(Result(before)["partialFingerprints"]!.ToJsonString(), Result(after)["partialFingerprints"]!.ToJsonString());
    }

    [Fact]
    public void Junit_report_has_a_testcase_per_object_and_policy_with_failures_for_denials()
    {
        var result = CliProcess.Run(["check", "--output", "junit", "manifests/deployment.yaml", "manifests/pvc.yaml", "manifests/clean.yaml", "other/broken.yaml"], workingDirectory: Testdata.Directory);

        var xml = XDocument.Parse(result.Stdout);
        var suites = xml.Root!;
        Assert.Equal("testsuites", suites.Name.LocalName);
        var deployment = suites.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "manifests/deployment.yaml");
        var cases = deployment.Elements("testcase").ToList();
        // A Deployment meets every policy whose default file lists Deployments: config-checksum and no-plaintext-secrets.
        Assert.Equal(PolicyCatalog.All.Count(d => d.Kinds.Any(k => k.InDefaultFile && k.Kind == KnownKinds.Deployment)), cases.Count);
        var failed = cases.Single(c => c.Element("failure") is not null);
        Assert.Equal("Deployment shop/web [config-checksum]", (string?)failed.Attribute("name"));
        Assert.Equal("deny", (string?)failed.Element("failure")!.Attribute("type"));
        Assert.Equal("1", (string?)deployment.Attribute("failures"));

        var pvc = suites.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "manifests/pvc.yaml");
        var keep = Assert.Single(pvc.Elements("testcase"));
        Assert.Null(keep.Element("failure"));
        Assert.Contains("mutate:", (string?)keep.Element("system-out"));

        var broken = suites.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "other/broken.yaml");
        Assert.Equal("1", (string?)broken.Attribute("errors"));
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Junit_report_puts_warnings_in_system_out()
    {
        var result = CliProcess.Run(["check", "--output", "junit", "--policies", "policies/warn", "manifests/deployment.yaml"], workingDirectory: Testdata.Directory);

        var testcase = XDocument.Parse(result.Stdout).Descendants("testcase").Single(c => ((string?)c.Attribute("name"))!.Contains("config-checksum"));
        Assert.Null(testcase.Element("failure"));
        Assert.StartsWith("warn: ", (string?)testcase.Element("system-out"));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Text_report_is_coloured_on_a_terminal_and_plain_with_no_color()
    {
        // `script` gives the CLI a pseudo-terminal as standard output.
        var command = CliProcess.ShellCommand("check", Deployment);
        var coloured = CliProcess.Start("script", ["-qec", command, "/dev/null"]);
        var plain = CliProcess.Start("script", ["-qec", command, "/dev/null"], environment: new Dictionary<string, string?> { ["NO_COLOR"] = "1" });

        Assert.Contains("\u001b[1;31mdeny", coloured.Stdout);
        Assert.Contains("config-checksum", plain.Stdout);
        // Colour is SGR (ESC [ ... m); the runtime's own terminal set-up (keypad mode) is not colour.
        Assert.DoesNotMatch("\u001b\\[[0-9;]*m", plain.Stdout);
    }
}

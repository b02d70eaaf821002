using System.Xml.Linq;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>
/// <c>check</c> pointed at a repository rather than rendered output (testdata/repo: a
/// kustomization with its resources, a chart's source, Helm values, CI files): only Kubernetes
/// objects are judged or written; what cannot be read fails the run.
/// </summary>
public sealed class CheckRepositoryTests
{
    private static string Repo => Path.Combine(Testdata.Directory, "repo");

    [Fact]
    public void Renders_the_kustomizations_of_a_repository_and_skips_its_chart_base_and_values()
    {
        var result = CliProcess.Run(["check", "--output", "json", "repo"], workingDirectory: Testdata.Directory);

        var report = Reports.Json(result, exitCode: 0);
        // clusters/prod/web renders apps/web (its base): the generated ConfigMap, the claim and the
        // Deployment, which reads the generated, hash-named ConfigMap. renovate.json is read and skipped.
        Assert.Equal(3, Reports.Summary(report, "objects"));
        Assert.Equal(["repo/renovate.json", "repo/clusters/prod/web"],
            report["summary"]!["inputs"]!.AsArray().Select(i => (string)i!["file"]!).ToArray());
        Assert.Empty(Reports.Findings(report, "config-checksum", "deny"));
        Assert.All(Reports.Findings(report), f => Assert.Equal("repo/clusters/prod/web/kustomization.yaml", (string?)f["file"]));
        var skippedPaths = report["summary"]!["skippedPaths"]!.AsArray().Select(s => (string)s!["path"]!).ToArray();
        Assert.Equal(["repo/charts/shop", "repo/apps/web", "repo/clusters/prod/values.yaml"], skippedPaths);
        Assert.Equal(1, Reports.Summary(report, "skipped"));
        Assert.Equal(0, Reports.Summary(report, "errors"));
    }

    [Fact]
    public void Says_in_one_line_to_render_a_chart_source_first_and_which_overlay_judges_a_base()
    {
        var result = CliProcess.Run(["check", "repo"], workingDirectory: Testdata.Directory);

        var chartLines = result.Stdout.Split('\n').Where(l => l.Contains("charts/shop", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(chartLines);
        Assert.StartsWith("skipped repo/charts/shop: a Helm chart's source", line);
        Assert.Contains("admission-guard check --chart repo/charts/shop", line);
        Output.Contains(
            result.Stdout,
            "skipped repo/apps/web: a kustomize base or component of another kustomization, not applied on its own: judged as repo/clusters/prod/web renders it",
            "repo/clusters/prod/web (kubectl kustomize)",
            "1 document skipped (not Kubernetes objects); 3 paths skipped (not manifests)");
        Output.DoesNotContain(result.All, "YAML syntax error", "shop.labels");
    }

    [Theory]
    [InlineData("repo/charts/shop")]
    [InlineData("repo/charts/shop/templates")]
    [InlineData("repo/charts/shop/templates/deployment.yaml")]
    public void Never_judges_templates_and_an_input_of_only_a_chart_source_has_no_objects(string path)
    {
        var result = CliProcess.Run(["check", path], workingDirectory: Testdata.Directory);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("skipped repo/charts/shop: a Helm chart's source", result.Stdout);
        Assert.Contains("admission-guard: no Kubernetes objects in the input", result.Stderr);
        Assert.Contains("0 objects in 0 files", result.Stdout);
    }

    [Fact]
    public void A_patch_that_a_kustomization_names_is_judged_only_through_its_render()
    {
        // repo/clusters/prod/web builds on ../../../apps/web, outside the tree given: it is a root, rendered with its patch.
        var result = CliProcess.Run(["check", "--output", "json", "repo/clusters"], workingDirectory: Testdata.Directory);

        var report = Reports.Json(result, exitCode: 0);
        Assert.Equal(["repo/clusters/prod/web"], report["summary"]!["inputs"]!.AsArray().Select(i => (string)i!["file"]!).ToArray());
        Assert.Equal(3, Reports.Summary(report, "objects"));
        Assert.DoesNotContain("replicas.yaml", result.Stdout);
    }

    [Fact]
    public void Fix_writes_only_the_objects_into_the_stream()
    {
        var result = CliProcess.Run(["check", "--fix", "repo", Path.Combine(Testdata.Other, "kustomize-component.yaml"), Path.Combine(Testdata.Other, "not-objects.yaml")], workingDirectory: Testdata.Directory);

        Assert.True(result.ExitCode == 0, result.ToString());
        var documents = Manifests.Read(result.Stdout);
        // The files' objects, then the render of repo/clusters/prod/web.
        Assert.Equal(["ConfigMap", "ConfigMap", "ConfigMap", "PersistentVolumeClaim", "Deployment"], documents.Select(d => (string)d!["kind"]!).ToArray());
        Assert.All(documents, d => Assert.NotNull(d!["apiVersion"]));
        Output.DoesNotContain(result.Stdout, "Kustomization", "Component", "config:recommended");
    }

    [Fact]
    public void In_place_keeps_the_skipped_documents_in_their_file()
    {
        using var temp = new TempDirectory();
        var pvc = File.ReadAllText(Path.Combine(Testdata.Manifests, "pvc.yaml"));
        var file = temp.Write("mixed.yaml", "settings:\n  mode: fast\n---\n" + pvc);

        var result = CliProcess.Run("check", "--fix", "--in-place", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var documents = Manifests.Read(File.ReadAllText(file));
        Assert.Equal(2, documents.Count);
        Assert.Equal("fast", (string?)documents[0]!["settings"]!["mode"]);
        Assert.Equal("keep", Manifests.Annotation(documents[1]!.AsObject(), "helm.sh/resource-policy"));
    }

    [Fact]
    public void Skips_a_kustomize_document_that_carries_an_api_version_and_kind_and_judges_the_rest()
    {
        var result = CliProcess.Run("check", "--output", "json", Path.Combine(Testdata.Other, "kustomize-component.yaml"));

        var report = Reports.Json(result, exitCode: 0);
        Assert.Equal(1, Reports.Summary(report, "objects"));
        var skipped = Assert.Single(report["summary"]!["skippedDocuments"]!.AsArray());
        Assert.Equal(1, (int)skipped!["document"]!);
        Assert.StartsWith("a kustomize Component (kustomize.config.k8s.io/v1alpha1), not a Kubernetes object", (string?)skipped["reason"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("---\n# Source: shop/templates/empty.yaml\n")]
    [InlineData("name: ci\non: [push]\n")]
    public void No_kubernetes_object_in_the_input_is_exit_2_unless_allowed(string stdin)
    {
        var refused = CliProcess.Run(["check", "-"], stdin: stdin);
        var allowed = CliProcess.Run(["check", "--allow-empty", "-"], stdin: stdin);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("admission-guard: no Kubernetes objects in the input", refused.Stderr);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.DoesNotContain("no Kubernetes objects", allowed.All);
    }

    [Fact]
    public void A_failed_render_piped_in_fails_the_pipeline()
    {
        // What `helm template shop charts/no-such-chart | admission-guard check -` gives: nothing.
        var helm = CliProcess.Start(Repository.Helm(3), ["template", "shop", Path.Combine(Repo, "charts", "no-such-chart")]);
        var result = CliProcess.Run(["check", "--output", "json", "-"], stdin: helm.Stdout);

        Assert.NotEqual(0, helm.ExitCode);
        Assert.True(result.ExitCode == 2, result.ToString());
        var error = Assert.Single(Reports.Json(result)["summary"]!["inputErrors"]!.AsArray());
        Assert.Equal("no Kubernetes objects in the input", (string?)error!["message"]);
    }

    [Fact]
    public void A_duplicate_key_is_an_error_naming_file_and_line_as_kubectl_says_it()
    {
        var result = CliProcess.Run(["check", "--output", "json", "other/duplicate-key.yaml"], workingDirectory: Testdata.Directory);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("admission-guard: other/duplicate-key.yaml:7: mapping key \"data\" already defined at line 5", result.Stderr);
        var report = Reports.Json(result);
        // The Secret is not judged as if `data: {}` had emptied it.
        Assert.Equal(0, Reports.Summary(report, "objects"));
        Assert.Empty(Reports.Findings(report));
        Assert.DoesNotContain("aHVudGVyMg==", result.All);
    }

    [Fact]
    public void A_duplicate_key_in_json_is_an_error_too()
    {
        var result = CliProcess.Run(["check", "other/duplicate-key.json"], workingDirectory: Testdata.Directory);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("admission-guard: other/duplicate-key.json:4: mapping key \"data\" already defined at line 3", result.Stderr);
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_an_error_naming_file_line_and_field_not_a_denial()
    {
        var result = CliProcess.Run(["check", "--output", "json", "other/wrong-type.yaml"], workingDirectory: Testdata.Directory);

        var report = Reports.Json(result, exitCode: 2);
        Assert.Empty(Reports.Findings(report, "config-checksum", "deny"));
        Assert.Empty(Reports.Findings(report, "no-plaintext-secrets", "deny"));
        var error = Assert.Single(report["summary"]!["inputErrors"]!.AsArray());
        Assert.Equal("other/wrong-type.yaml", (string?)error!["file"]);
        Assert.Equal(2, (int)error["line"]!);
        Assert.Contains("Deployment shop/web", (string?)error["message"]);
        Assert.Contains("spec.template.spec.containers[0].env", (string?)error["message"]);
        Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("admission-guard: other/wrong-type.yaml:2: Deployment shop/web", StringComparison.Ordinal));
    }

    [Fact]
    public void An_object_with_only_generate_name_is_shown_as_its_prefix_and_a_star_in_every_format()
    {
        string[] file = ["other/generate-name.yaml"];

        var text = CliProcess.Run(["check", .. file], workingDirectory: Testdata.Directory);
        var json = CliProcess.Run(["check", "--output", "json", .. file], workingDirectory: Testdata.Directory);
        var sarif = CliProcess.Run(["check", "--output", "sarif", .. file], workingDirectory: Testdata.Directory);
        var junit = CliProcess.Run(["check", "--output", "junit", .. file], workingDirectory: Testdata.Directory);

        Assert.Contains("  Job shop/migrate-*  (line 1, document 1)", text.Stdout);
        Assert.DoesNotContain("unnamed", text.Stdout);
        var finding = Assert.Single(Reports.Findings(Reports.Json(json), "hook-deadline", "deny"));
        Assert.Equal("migrate-*", (string?)finding["name"]);
        var result = Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(sarif.Stdout)!["runs"]![0]!["results"]!.AsArray());
        var logical = result!["locations"]![0]!["logicalLocations"]![0]!;
        Assert.Equal("migrate-*", (string?)logical["name"]);
        Assert.Equal("Job/shop/migrate-*", (string?)logical["fullyQualifiedName"]);
        Assert.StartsWith("Job shop/migrate-*: ", (string?)result["message"]!["text"]);
        var testcase = XDocument.Parse(junit.Stdout).Descendants("testcase").Single(c => c.Element("failure") is not null);
        Assert.Equal("Job shop/migrate-* [hook-deadline]", (string?)testcase.Attribute("name"));
    }

    [Fact]
    public void Help_lists_version()
    {
        var help = CliProcess.Run("--help");
        var version = CliProcess.Run("--version");

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--version", help.Stdout);
        Assert.StartsWith("admission-guard ", version.Stdout);
    }

    [Fact]
    public void Check_help_lists_the_repository_options()
    {
        var help = CliProcess.Run("check", "--help");

        foreach (var option in new[] { "--chart", "--values", "--set", "--release", "--namespace", "--helm", "--kustomize", "--allow-empty" })
        {
            Assert.Contains(option, help.Stdout);
        }
    }
}

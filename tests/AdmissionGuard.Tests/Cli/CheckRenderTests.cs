using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>
/// <c>check --chart</c> and <c>check --kustomize</c>: rendered by the user's own tools (the real
/// Helm 3 and Helm 4 from <c>make tools</c>; kustomize, or kubectl where kustomize is absent),
/// findings pointing at the file to edit.
/// </summary>
public sealed class CheckRenderTests : IDisposable
{
    private const string ChartSecret = "chartSecret-Value-31";

    private readonly TempDirectory temp = new();

    public static TheoryData<string> Helms => new() { "helm3", "helm4" };

    private static string Guarded => "charts/guarded";

    private static string Shop => "repo/charts/shop";

    private static string Web => "repo/apps/web";

    public void Dispose() => temp.Dispose();

    [Theory]
    [MemberData(nameof(Helms))]
    public void Renders_a_chart_with_helm_and_names_the_template_of_each_finding(string helm)
    {
        var result = Check(["--output", "json", "--chart", Guarded, "--helm", HelmPath(helm), "--release", "shop", "--namespace", "prod"]);

        var report = Reports.Json(result, exitCode: 0);
        var mutation = Assert.Single(Reports.Findings(report, "keep-stateful", "mutate"));
        Assert.Equal("charts/guarded/templates/pvc.yaml", (string?)mutation["file"]);
        Assert.Equal(0, (int)mutation["line"]!);
        Assert.Equal("shop-data", (string?)mutation["name"]);
        // ConfigMap, PVC, Deployment and the hook Job: hooks are rendered too.
        Assert.Equal(4, Reports.Summary(report, "objects"));
        Assert.Equal("charts/guarded", (string?)report["summary"]!["inputs"]![0]!["file"]);
    }

    [Theory]
    [MemberData(nameof(Helms))]
    public void Passes_values_and_set_to_helm_and_never_shows_the_secret(string helm)
    {
        var values = temp.Write("values.yaml", "hookDeadline: false\n");

        var result = Check(["--chart", Guarded, "--helm", HelmPath(helm), "-f", values, "--set", "plaintextSecret=true"]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Output.Contains(
            result.Stdout,
            "charts/guarded (helm template)",
            "Secret release-name-db  (document 1 of the render, from charts/guarded/templates/secret.yaml)",
            "from charts/guarded/templates/hook.yaml",
            "deny   hook-deadline");
        Output.HidesSecret(result.All, ChartSecret);
    }

    [Theory]
    [MemberData(nameof(Helms))]
    public void Sarif_locates_findings_in_the_template_file(string helm)
    {
        var result = Check(["--output", "sarif", "--chart", Guarded, "--helm", HelmPath(helm), "--set", "hookDeadline=false"]);

        Assert.True(result.ExitCode == 1, result.ToString());
        var results = System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!["runs"]![0]!["results"]!.AsArray();
        var hook = results.Single(r => (string?)r!["ruleId"] == "hook-deadline")!;
        var location = hook["locations"]![0]!["physicalLocation"]!;
        // Relative to the working directory (testdata), as code scanning resolves it.
        Assert.Equal("charts/guarded/templates/hook.yaml", (string?)location["artifactLocation"]!["uri"]);
        Assert.Null(location["region"]);
    }

    [Theory]
    [MemberData(nameof(Helms))]
    public void Fix_writes_the_rendered_fixed_stream(string helm)
    {
        var result = Check(["--fix", "--chart", Shop, "--helm", HelmPath(helm), "--release", "shop"]);

        Assert.True(result.ExitCode == 1, result.ToString());
        var documents = Manifests.Read(result.Stdout);
        Assert.Equal(["ConfigMap", "Deployment"], documents.Select(d => (string)d!["kind"]!).ToArray());
        Assert.Equal("shop-web", (string?)documents[1]!["metadata"]!["name"]);
        Assert.Contains("from repo/charts/shop/templates/deployment.yaml", result.Stderr);

        var guarded = Check(["--fix", "--chart", Guarded, "--helm", HelmPath(helm)]);
        Assert.True(guarded.ExitCode == 0, guarded.ToString());
        Assert.Equal("keep", Manifests.Annotation(Manifests.Single(guarded.Stdout, "PersistentVolumeClaim", "release-name-data"), "helm.sh/resource-policy"));
    }

    [Theory]
    [MemberData(nameof(Helms))]
    public void Finds_helm_on_path(string helm)
    {
        var bin = Directory.CreateDirectory(Path.Combine(temp.Path, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "helm"), HelmPath(helm));

        var result = Check(["--output", "json", "--chart", Guarded], Environment(bin));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4, Reports.Summary(Reports.Json(result), "objects"));
    }

    [Theory]
    [MemberData(nameof(Helms))]
    public void A_render_failure_is_exit_2_with_helms_error_without_the_values_given(string helm)
    {
        var result = Check(["--output", "json", "--chart", "charts/failing", "--helm", HelmPath(helm), "--set", "password=hunter2-Secret-77"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("admission-guard: charts/failing: helm template failed (exit 1): Error: ", result.Stderr);
        Assert.Contains("refusing to render: the password *** is not allowed here", result.Stderr);
        Assert.DoesNotContain("hunter2-Secret-77", result.All);
        Assert.Equal(0, Reports.Summary(Reports.Json(result), "objects"));
    }

    [Theory]
    [MemberData(nameof(Helms))]
    public void A_rendered_field_of_the_wrong_type_is_an_error_naming_the_template_and_field(string helm)
    {
        var result = Check(["--output", "json", "--chart", "charts/mistyped", "--helm", HelmPath(helm)]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("admission-guard: charts/mistyped/templates/deployment.yaml: Deployment release-name-web: cannot be read as apps/v1/Deployment: spec.template.spec.containers[0].env is String, not Array", result.Stderr);
        Assert.Empty(Reports.Findings(Reports.Json(result)));
    }

    [Fact]
    public void A_missing_helm_is_exit_2_saying_what_to_install()
    {
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "empty")).FullName;

        var result = Check(["--chart", Guarded], Environment(empty));
        var named = Check(["--chart", Guarded, "--helm", Path.Combine(empty, "helm")]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--chart needs helm, which is not on PATH: install Helm 3 or 4", result.Stderr);
        Assert.True(named.ExitCode == 2, named.ToString());
        Assert.Contains("no such executable", named.Stderr);
    }

    [Fact]
    public void Not_a_chart_is_exit_2()
    {
        var result = Check(["--chart", Web, "--helm", HelmPath("helm3")]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("repo/apps/web: --chart: not a chart (no Chart.yaml in it)", result.Stderr);
    }

    [Fact]
    public void Renders_a_kustomization_and_points_findings_at_its_kustomization_file()
    {
        var result = Check(["--output", "json", "--kustomize", Web]);

        var report = Reports.Json(result, exitCode: 0);
        // The ConfigMap from the generator, the claim and the Deployment, all in the kustomization's namespace.
        Assert.Equal(3, Reports.Summary(report, "objects"));
        var mutation = Assert.Single(Reports.Findings(report, "keep-stateful", "mutate"));
        Assert.Equal("repo/apps/web/kustomization.yaml", (string?)mutation["file"]);
        Assert.Equal(0, (int)mutation["line"]!);
        Assert.Equal("shop", (string?)mutation["namespace"]);
        // Rendered, the Deployment reads the generated web-config-<hash>, which its name rolls;
        // the same Deployment read from its file (Judges_only_the_objects_of_a_repository...) is denied.
        Assert.Empty(Reports.Findings(report, "config-checksum", "deny"));
    }

    [Fact]
    public void Renders_a_kustomization_with_kubectl_when_kustomize_is_absent()
    {
        var bin = Directory.CreateDirectory(Path.Combine(temp.Path, "kubectl-only")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "kubectl"), OnPath("kubectl"));

        var result = Check(["--kustomize", Web], Environment(bin));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("repo/apps/web (kubectl kustomize)", result.Stdout);
        Assert.Contains("PersistentVolumeClaim shop/web-data  (document 2 of the render, from repo/apps/web/kustomization.yaml)", result.Stdout);
    }

    [Fact]
    public void Renders_an_overlay_with_its_patches()
    {
        var result = Check(["--output", "json", "--kustomize", "repo/clusters/prod/web"]);

        var report = Reports.Json(result, exitCode: 0);
        Assert.Equal(3, Reports.Summary(report, "objects"));
        Assert.NotEmpty(Reports.Findings(report));
        Assert.All(Reports.Findings(report), f => Assert.Equal("repo/clusters/prod/web/kustomization.yaml", (string?)f["file"]));
    }

    [Fact]
    public void Fix_on_a_kustomization_writes_the_rendered_fixed_stream()
    {
        var result = Check(["--fix", "--applier", "flux", "--kustomize", Web]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var claim = Manifests.Single(result.Stdout, "PersistentVolumeClaim", "web-data");
        Assert.Equal("shop", (string?)claim["metadata"]!["namespace"]);
        Assert.Equal("disabled", Manifests.Annotation(claim, "kustomize.toolkit.fluxcd.io/prune"));
        Assert.Equal(["ConfigMap", "PersistentVolumeClaim", "Deployment"], Manifests.Read(result.Stdout).Select(d => (string)d!["kind"]!).ToArray());
        Assert.DoesNotContain("kind: Kustomization", result.Stdout);
    }

    [Fact]
    public void A_missing_kustomize_and_kubectl_is_exit_2_saying_what_to_install()
    {
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "none")).FullName;

        var result = Check(["--kustomize", Web], Environment(empty));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--kustomize needs kustomize or kubectl, and neither is on PATH: install kustomize", result.Stderr);
    }

    [Fact]
    public void A_failed_kustomize_render_is_exit_2_with_its_error()
    {
        var broken = temp.Write("broken/kustomization.yaml", "resources:\n  - missing.yaml\n");

        var result = Check(["--kustomize", Path.GetDirectoryName(broken)!]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches("(kustomize build|kubectl kustomize) failed \\(exit 1\\): .*missing\\.yaml", result.Stderr);
    }

    [Fact]
    public void Render_options_without_chart_and_in_place_with_a_render_are_usage_errors()
    {
        var set = Check(["--set", "a=b", Web]);
        var inPlace = Check(["--in-place", "--kustomize", Web]);

        Assert.True(set.ExitCode == 2, set.ToString());
        Assert.Contains("--set goes with --chart DIR", set.Stderr);
        Assert.True(inPlace.ExitCode == 2, inPlace.ToString());
        Assert.Contains("--in-place rewrites files", inPlace.Stderr);
    }

    private static ProcessResult Check(string[] args, IReadOnlyDictionary<string, string?>? environment = null) =>
        CliProcess.Run(["check", .. args], workingDirectory: Testdata.Directory, environment: environment);

    private static string HelmPath(string helm) => helm == "helm3" ? Repository.Helm(3) : Repository.Helm(4);

    /// <summary>Only <paramref name="bin"/> on PATH; Helm's own directories in the test's.</summary>
    private Dictionary<string, string?> Environment(string bin) => new()
    {
        ["PATH"] = bin,
        ["HELM_CONFIG_HOME"] = Path.Combine(temp.Path, "helm", "config"),
        ["HELM_CACHE_HOME"] = Path.Combine(temp.Path, "helm", "cache"),
        ["HELM_DATA_HOME"] = Path.Combine(temp.Path, "helm", "data"),
    };

    private static string OnPath(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Append(Path.GetDirectoryName(Repository.Kubectl)!)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH nor in .tools (make tools); the kustomize tests need it");
}

using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>
/// The post-renderer under the real Helm binaries (fetched by <c>make tools</c>): Helm 3 runs an
/// executable (<c>--post-renderer PATH --post-renderer-args ...</c>), Helm 4 a postrenderer/v1
/// plugin (plugins/admission-guard-post-renderer). What Helm prints is what it would install and
/// store in the release, so the keep annotation there is what <c>helm uninstall</c> honours.
/// </summary>
public sealed class HelmPostRendererTests : IDisposable
{
    private const string ChartSecret = "chartSecret-Value-31";

    private readonly TempDirectory temp = new();
    private readonly string wrapper;

    public HelmPostRendererTests()
    {
        wrapper = CliProcess.WriteWrapperScript(temp.Path);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Helm_3_post_renderer_writes_the_keep_annotation_into_the_rendered_chart()
    {
        var result = Helm3("template", "rel", Testdata.Chart, "--post-renderer", wrapper, "--post-renderer-args", "post-render");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("keep", Manifests.Annotation(PostRenderTests.Pvc(result.Stdout), Manifests.Keep));
        // Everything else the chart rendered came through.
        Assert.Equal(["ConfigMap", "PersistentVolumeClaim", "Deployment", "Job"], Manifests.Read(result.Stdout).Select(d => (string)d!["kind"]!).ToArray());
    }

    [Fact]
    public void Helm_3_stops_when_the_post_renderer_refuses_and_shows_why_without_the_secret()
    {
        var result = Helm3("template", "rel", Testdata.Chart, "--set", "plaintextSecret=true", "--post-renderer", wrapper, "--post-renderer-args", "post-render");

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("kind: PersistentVolumeClaim", result.Stdout);
        Assert.Contains("no-plaintext-secrets", result.Stderr);
        Assert.Contains("Secret rel-db", result.Stderr);
        Output.HidesSecret(result.All, ChartSecret);
    }

    [Fact]
    public void Helm_3_passes_post_renderer_args_through()
    {
        var warn = Path.Combine(Testdata.Directory, "policies", "warn");

        var result = Helm3("template", "rel", Testdata.Chart, "--set", "plaintextSecret=true", "--post-renderer", wrapper,
            "--post-renderer-args", "post-render", "--post-renderer-args", "--policies", "--post-renderer-args", warn);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kind: Secret", result.Stdout);
    }

    [Fact]
    public void Helm_3_does_not_post_render_hooks_so_the_template_output_is_checked_as_well()
    {
        var rendered = Helm3("template", "rel", Testdata.Chart, "--set", "hookDeadline=false", "--post-renderer", wrapper, "--post-renderer-args", "post-render");
        var checkedOutput = CliProcess.Run(["check", "--output", "json", "-"], stdin: Helm3("template", "rel", Testdata.Chart, "--set", "hookDeadline=false").Stdout);

        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        Assert.Equal(1, checkedOutput.ExitCode);
        Assert.NotEmpty(Reports.Findings(Reports.Json(checkedOutput), "hook-deadline", "deny"));
    }

    [Fact]
    public void Helm_4_plugin_writes_the_keep_annotation_and_keeps_helms_file_names()
    {
        var result = Helm4("template", "rel", Testdata.Chart, "--post-renderer", "admission-guard");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("keep", Manifests.Annotation(PostRenderTests.Pvc(result.Stdout), Manifests.Keep));
        // Helm 4 tracks each document's template through an annotation the post-renderer must keep.
        Assert.Contains("# Source: guarded/templates/pvc.yaml", result.Stdout);
        Assert.DoesNotContain("postrenderer.helm.sh", result.Stdout);
    }

    [Fact]
    public void Helm_4_post_renders_hooks_too_and_stops_on_a_hook_without_deadline()
    {
        var result = Helm4("template", "rel", Testdata.Chart, "--set", "hookDeadline=false", "--post-renderer", "admission-guard");

        Assert.NotEqual(0, result.ExitCode);
        Output.Contains(
            result.Stderr,
            "post-renderer",
            // Helm 4 drops a plugin's own standard error; the plugin script writes to Helm's instead.
            "hook-deadline",
            "from guarded/templates/hook.yaml");
    }

    [Fact]
    public void Helm_4_plugin_passes_post_renderer_args_through()
    {
        var warn = Path.Combine(Testdata.Directory, "policies", "warn");

        var refused = Helm4("template", "rel", Testdata.Chart, "--set", "plaintextSecret=true", "--post-renderer", "admission-guard");
        var allowed = Helm4("template", "rel", Testdata.Chart, "--set", "plaintextSecret=true", "--post-renderer", "admission-guard",
            "--post-renderer-args", "--policies", "--post-renderer-args", warn);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.DoesNotContain(ChartSecret, refused.All);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains("kind: Secret", allowed.Stdout);
    }

    private ProcessResult Helm3(params string[] args) => CliProcess.Start(Repository.Helm(3), args, environment: HelmEnvironment("helm3"));

    private ProcessResult Helm4(params string[] args)
    {
        var environment = HelmEnvironment("helm4");
        var plugins = Path.Combine(temp.Path, "helm4", "data", "plugins");
        if (!Directory.Exists(Path.Combine(plugins, "admission-guard-post-renderer")))
        {
            var install = CliProcess.Start(Repository.Helm(4), ["plugin", "install", Repository.Combine("plugins", "admission-guard-post-renderer")], environment: environment);
            Assert.True(install.ExitCode == 0, install.ToString());
        }

        return CliProcess.Start(Repository.Helm(4), args, environment: environment);
    }

    /// <summary>Helm's configuration, cache and data in the test's own directory; the plugin finds the CLI through ADMISSION_GUARD.</summary>
    private Dictionary<string, string?> HelmEnvironment(string name) => new()
    {
        ["HELM_CONFIG_HOME"] = Path.Combine(temp.Path, name, "config"),
        ["HELM_CACHE_HOME"] = Path.Combine(temp.Path, name, "cache"),
        ["HELM_DATA_HOME"] = Path.Combine(temp.Path, name, "data"),
        ["HELM_PLUGINS"] = null,
        ["ADMISSION_GUARD"] = wrapper,
    };
}

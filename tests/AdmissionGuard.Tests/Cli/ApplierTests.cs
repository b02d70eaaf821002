namespace AdmissionGuard.Tests.Cli;

/// <summary>
/// <c>--applier</c> on <c>check</c> and <c>post-render</c>, and the fixes that follow the applier:
/// keep-stateful's annotations and config-checksum's fix text, run as the CLI process.
/// </summary>
public sealed class ApplierTests
{
    private const string FluxPrune = "kustomize.toolkit.fluxcd.io/prune";
    private const string ArgoOptions = "argocd.argoproj.io/sync-options";

    private const string Pvc = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
          namespace: apps
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
        """;

    /// <summary>A ConfigMap and the Deployment that reads it, with helm template's <c># Source:</c> comments.</summary>
    private const string HelmTemplateOutput = """
        ---
        # Source: shop/templates/settings.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: shop-settings
          namespace: apps
        data:
          mode: fast
        ---
        # Source: shop/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: shop
          namespace: apps
        spec:
          selector: {matchLabels: {app: shop}}
          template:
            metadata: {labels: {app: shop}}
            spec:
              containers:
                - name: shop
                  image: example/shop:1
                  envFrom:
                    - configMapRef: {name: shop-settings}
        """;

    [Theory]
    [InlineData("flux", FluxPrune, "disabled")]
    [InlineData("argocd", ArgoOptions, "Prune=false,Delete=false")]
    [InlineData("helm", Manifests.Keep, "keep")]
    public void Check_fix_adds_what_the_named_applier_reads_and_nothing_else(string applier, string key, string value)
    {
        var result = CliProcess.Run(["check", "--fix", "--applier", applier, "-"], stdin: Pvc);

        Assert.True(result.ExitCode == 0, result.ToString());
        var pvc = Manifests.Single(result.Stdout, "PersistentVolumeClaim", "data");
        Assert.Equal(value, Manifests.Annotation(pvc, key));
        var annotations = pvc["metadata"]!["annotations"]!.AsObject();
        Assert.Single(annotations);
        Assert.DoesNotContain("--applier", result.Stderr);
    }

    [Fact]
    public void Check_with_applier_kubectl_adds_nothing()
    {
        var result = CliProcess.Run(["check", "--fix", "--applier", "kubectl", "-"], stdin: Pvc);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Null(Manifests.Single(result.Stdout, "PersistentVolumeClaim", "data")["metadata"]!["annotations"]);
        Assert.Contains("0 mutate", result.Stderr);
    }

    [Fact]
    public void Check_without_applier_adds_helm_keep_to_a_plain_file_and_names_the_flag()
    {
        var result = CliProcess.Run(["check", "--fix", "-"], stdin: Pvc);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("keep", Manifests.Annotation(Manifests.Single(result.Stdout, "PersistentVolumeClaim", "data"), Manifests.Keep));
        Assert.Contains("pass --applier flux or --applier argocd", result.Stderr);
    }

    [Fact]
    public void Check_without_applier_leaves_a_pvc_already_protected_for_flux_alone()
    {
        var pvc = Pvc.Replace("  namespace: apps\n", "  namespace: apps\n  annotations: {kustomize.toolkit.fluxcd.io/prune: disabled}\n", StringComparison.Ordinal);

        var result = CliProcess.Run(["check", "--output", "json", "-"], stdin: pvc);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(Reports.Findings(Reports.Json(result)));
    }

    [Fact]
    public void Post_render_takes_the_applier_too()
    {
        var result = CliProcess.Run(["post-render", "--applier", "argocd"], stdin: Pvc);

        Assert.True(result.ExitCode == 0, result.ToString());
        var pvc = Manifests.Single(result.Stdout, "PersistentVolumeClaim", "data");
        Assert.Equal("Prune=false,Delete=false", Manifests.Annotation(pvc, ArgoOptions));
        Assert.Null(Manifests.Annotation(pvc, Manifests.Keep));
    }

    [Fact]
    public void An_unknown_applier_is_a_usage_error()
    {
        var result = CliProcess.Run(["check", "--applier", "pulumi", "-"], stdin: Pvc);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pulumi", result.Stderr);
    }

    [Fact]
    public void Help_of_check_and_post_render_lists_the_applier()
    {
        foreach (var command in new[] { "check", "post-render" })
        {
            var result = CliProcess.Run(command, "--help");

            Assert.Contains("--applier <auto|helm|flux|argocd|kubectl>", result.Stdout);
        }
    }

    [Fact]
    public void Helm_template_output_gets_the_snippet_naming_the_real_config_map_template()
    {
        var report = DeniedReport(HelmTemplateOutput);

        Assert.Contains("fix: checksum/config: {{ include (print $.Template.BasePath \"/settings.yaml\") . | sha256sum }}", report);
        Output.DoesNotContain(report, "/configmap.yaml", "configMapGenerator");
    }

    [Fact]
    public void The_same_objects_as_plain_files_get_the_generator_advice_and_no_helm_snippet()
    {
        var plain = HelmTemplateOutput.Replace("# Source: shop/templates/settings.yaml\n", string.Empty, StringComparison.Ordinal)
            .Replace("# Source: shop/templates/deployment.yaml\n", string.Empty, StringComparison.Ordinal);

        var report = DeniedReport(plain);

        Output.Contains(report, "fix: generate ConfigMap shop-settings with kustomize's configMapGenerator", "reloader.stakater.com/auto");
        Assert.DoesNotContain("sha256sum", report);
    }

    [Fact]
    public void An_immutable_config_map_in_the_same_input_rolls_by_its_name()
    {
        var immutable = HelmTemplateOutput.Replace("data:\n  mode: fast\n", "immutable: true\ndata:\n  mode: fast\n", StringComparison.Ordinal);

        var withIt = CliProcess.Run(["check", "--output", "json", "-"], stdin: immutable);
        var deploymentAlone = CliProcess.Run(["check", "--output", "json", "-"], stdin: HelmTemplateOutput[HelmTemplateOutput.IndexOf("# Source: shop/templates/deployment.yaml", StringComparison.Ordinal)..]);

        Assert.True(withIt.ExitCode == 0, withIt.ToString());
        Assert.Empty(Reports.Findings(Reports.Json(withIt), "config-checksum", "deny"));
        Assert.Equal(1, deploymentAlone.ExitCode);
        Assert.Single(Reports.Findings(Reports.Json(deploymentAlone), "config-checksum", "deny"));
    }

    [Fact]
    public void A_kustomize_hashed_config_map_needs_no_checksum()
    {
        var hashed = HelmTemplateOutput.Replace("shop-settings", "shop-settings-5m7hkg8t2f", StringComparison.Ordinal)
            .Replace("# Source: shop/templates/settings.yaml\n", string.Empty, StringComparison.Ordinal)
            .Replace("# Source: shop/templates/deployment.yaml\n", string.Empty, StringComparison.Ordinal);

        var result = CliProcess.Run(["check", "--output", "json", "-"], stdin: hashed);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(Reports.Findings(Reports.Json(result), "config-checksum", "deny"));
    }

    /// <summary>The text report of <c>check -</c> on <paramref name="input"/>, which exits 1.</summary>
    private static string DeniedReport(string input)
    {
        var result = CliProcess.Run(["check", "-"], stdin: input);
        Assert.Equal(1, result.ExitCode);
        return result.Stdout;
    }
}

using System.Text.Json.Nodes;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>
/// <c>admission-guard check</c> as a process over the eighteen GitOps repositories of
/// ../shared/corpus-gitops (see its SOURCES.md), read in place: the objects SOURCES.md names get
/// the answer a careful reviewer gives, for each of the four policies. A policy with no finding on
/// an object passed it. The count of findings per file and policy is pinned by
/// docs/corpus-gitops-report.md (<see cref="CorpusReportTests"/>).
/// </summary>
public sealed class GitOpsCorpusTests
{
    private const string Podinfo = "stefanprodan+podinfo.yaml";
    private const string Kustomize = "kubernetes-sigs+kustomize.yaml";
    private const string Xunholy = "xunholy+k8s-gitops.yaml";
    private const string MicroservicesDemo = "GoogleCloudPlatform+microservices-demo.yaml";
    private const string Diaoul = "Diaoul+home-ops.yaml";
    private const string Angelnu = "angelnu+k8s-gitops.yaml";
    private const string Tvories = "tvories+k8s-gitops.yaml";
    private const string SmallHack = "small-hack+argocd-apps.yaml";
    private const string RedHatCop = "redhat-cop+gitops-catalog.yaml";

    private static readonly Lazy<(JsonObject Json, string Text)> Check = new(Run);

    private static (JsonObject, string) Run()
    {
        var files = Directory.GetFiles(Repository.GitOpsCorpus, "*.yaml").Order(StringComparer.Ordinal).Select(Path.GetFileName).ToList();
        var json = CliProcess.Run(["check", "--output", "json", .. files!], workingDirectory: Repository.GitOpsCorpus);
        var text = CliProcess.Run(["check", .. files!], workingDirectory: Repository.GitOpsCorpus);
        return (Reports.Json(json), text.Stdout);
    }

    [Fact]
    public void Every_repository_is_checked_with_only_the_duplicate_key_as_an_input_error()
    {
        var report = Check.Value.Json;

        Assert.Equal(18, Reports.Summary(report, "files"));

        // small-hack's rendered ApplicationSet repeats the mapping key extraConfig, which kubectl
        // and kustomize refuse: an input error, not a finding.
        Assert.Equal(1, Reports.Summary(report, "errors"));
        Assert.True(Reports.Summary(report, "objects") > 1000);
    }

    [Fact]
    public void Xunholy_n8n_values_secret_from_a_sops_encrypted_file_passes()
    {
        AssertOnly(Xunholy, "Secret", "ai-system", "n8n-values-secret-m44d426h6b");
    }

    [Fact]
    public void Xunholy_minecraft_secret_values_hold_no_credential_and_pass()
    {
        AssertOnly(Xunholy, "Secret", "game-servers", "minecraft-secret-values-6hgbbf4d7g");
    }

    [Theory]
    [InlineData("minecraft-bedrock-broadcaster-secret-values-cfg7hd8khm")]
    [InlineData("mincraft-bedrock-secret-values-cfg7hd8khm")]
    public void Xunholy_bedrock_secret_values_name_the_value_sops_left_unencrypted(string name)
    {
        var finding = Assert.Single(AssertOnly(Xunholy, "Secret", "game-servers", name, ("no-plaintext-secrets", "deny")));

        Assert.StartsWith("key values.yaml holds a SOPS-encrypted file that leaves minecraftServer.passwordSSH in plaintext", (string)finding["message"]!);
        Assert.DoesNotContain("enableSSH", (string)finding["message"]!);
        Assert.Equal("data[values.yaml]", (string?)finding["path"]);
    }

    [Theory]
    [InlineData("azerothcore", "controllers.database.containers.app.env.MYSQL_ROOT_PASSWORD")]
    [InlineData("cmangos-database", "controllers.database.containers.app.env.MARIADB_ROOT_PASSWORD")]
    public void Xunholy_helm_releases_with_literal_database_root_passwords_are_denied(string name, string key)
    {
        var finding = Assert.Single(AssertOnly(Xunholy, "HelmRelease", "game-servers", name, ("no-plaintext-secrets", "deny")));

        Assert.Contains($"(keys {key})", (string)finding["message"]!);
        Assert.Equal($"spec.values.{key}", (string?)finding["path"]);
    }

    [Fact]
    public void Xunholy_oauth2_proxy_release_naming_an_existing_secret_passes()
    {
        AssertOnly(Xunholy, "HelmRelease", null, "oauth2-proxy");
    }

    [Fact]
    public void Xunholy_sops_encrypted_secret_manifest_passes()
    {
        AssertOnly(Xunholy, "Secret", "flux-system", "cluster-secrets");
    }

    [Fact]
    public void Kustomize_wordpress_example_mysql_password_in_a_generated_secret_is_denied()
    {
        var finding = Assert.Single(AssertOnly(Kustomize, "Secret", null, "demo-mysql-pass", ("no-plaintext-secrets", "deny")));

        Assert.Contains("(keys password)", (string)finding["message"]!);
    }

    /// <summary>A Secret committed with a plaintext value that is no credential (a path): a warning that it belongs in a ConfigMap, not a denial.</summary>
    [Fact]
    public void Kustomize_transformer_example_secret_with_a_plaintext_value_but_no_credential_warns()
    {
        var finding = Assert.Single(AssertOnly(Kustomize, "Secret", null, "test-crdsecret", ("no-plaintext-secrets", "warn")));

        Assert.Contains("(keys PATH)", (string)finding["message"]!);
        Assert.Contains("not certain", (string)finding["message"]!);
    }

    [Fact]
    public void Kustomize_the_deployment_reading_a_plain_config_map_is_denied()
    {
        var finding = Assert.Single(AssertOnly(Kustomize, "Deployment", null, "the-deployment", ("config-checksum", "deny")));

        Assert.Contains("ConfigMap the-map", (string)finding["message"]!);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("production")]
    public void Podinfo_cache_reading_a_config_map_generator_config_map_passes(string ns)
    {
        AssertOnly(Podinfo, "Deployment", ns, "cache");
    }

    [Theory]
    [InlineData("production-ldap")]
    [InlineData("staging-ldap")]
    [InlineData("production-sbdemo")]
    [InlineData("staging-sbdemo")]
    public void Kustomize_examples_reading_hash_suffixed_config_maps_pass(string name)
    {
        AssertOnly(Kustomize, "Deployment", null, name);
    }

    [Fact]
    public void Kustomize_the_deployment_fix_is_a_generator_not_a_helm_snippet()
    {
        var fixes = FixesOf(Kustomize, "Deployment the-deployment");

        Assert.NotEmpty(fixes);
        Assert.All(fixes, f => Assert.DoesNotContain("{{", f));
        Assert.Contains(fixes, f => f.Contains("configMapGenerator", StringComparison.Ordinal));
    }

    [Fact]
    public void Microservices_demo_collector_fix_names_the_charts_own_config_map_template()
    {
        Assert.Single(AssertOnly(MicroservicesDemo, "Deployment", "default", "opentelemetrycollector", ("config-checksum", "deny")));

        var fix = Assert.Single(FixesOf(MicroservicesDemo, "Deployment default/opentelemetrycollector"));
        Assert.Contains("/opentelemetry-collector.yaml", fix);
        Assert.DoesNotContain("/configmap.yaml", fix);
    }

    /// <summary>Names and settings in Helm values, not credentials (Reloader's annotation, Secret names, CSI parameters, a password policy).</summary>
    [Theory]
    [InlineData(Diaoul, "home-ops-runner")]
    [InlineData(Diaoul, "flux-instance")]
    [InlineData(Diaoul, "cloudflare-dns")]
    [InlineData(Angelnu, "forgejo")]
    [InlineData(Angelnu, "longhorn")]
    [InlineData(Tvories, "qbittorrent")]
    [InlineData(Tvories, "gitlab-runner")]
    [InlineData(Tvories, "rook-ceph-cluster")]
    public void Helm_releases_whose_values_name_objects_or_settings_pass_no_plaintext_secrets(string file, string name)
    {
        Assert.DoesNotContain(FindingsOf(file, "HelmRelease", null, name), f => (string?)f["policy"] == "no-plaintext-secrets");
    }

    [Fact]
    public void An_application_set_naming_an_existing_config_secret_passes()
    {
        Assert.DoesNotContain(FindingsOf(SmallHack, "ApplicationSet", null, "appflowy-seaweedfs-appset"), f => (string?)f["policy"] == "no-plaintext-secrets");
    }

    [Fact]
    public void A_secret_of_broker_settings_warns_and_one_with_a_bind_password_is_denied()
    {
        Assert.All(FindingsOf(RedHatCop, "Secret", null, "broker-addresses-bp"), f => Assert.Equal("warn", (string?)f["result"]));
        Assert.Contains(FindingsOf(RedHatCop, "Secret", null, "broker-jaas-config"), f => (string?)f["result"] == "deny");
    }

    [Fact]
    public void Xunholy_cmangos_database_claim_already_kept_from_flux_prune_needs_nothing()
    {
        AssertOnly(Xunholy, "PersistentVolumeClaim", "game-servers", "cmangos-database");
    }

    /// <summary>The <c>fix:</c> lines of one object's block in the text report (the JSON report has no fix).</summary>
    private static List<string> FixesOf(string file, string objectHeader)
    {
        var lines = Check.Value.Text.Split('\n');
        var inFile = false;
        var inObject = false;
        var fixes = new List<string>();
        foreach (var line in lines)
        {
            if (!line.StartsWith(' ') && line.Length > 0)
            {
                inFile = line.Trim() == file;
                inObject = false;
            }
            else if (inFile && line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal))
            {
                inObject = line.StartsWith($"  {objectHeader}  ", StringComparison.Ordinal);
            }
            else if (inObject && line.TrimStart().StartsWith("fix: ", StringComparison.Ordinal))
            {
                fixes.Add(line.TrimStart()["fix: ".Length..]);
            }
        }

        return fixes;
    }

    private static List<JsonObject> FindingsOf(string file, string kind, string? ns, string name) =>
        Reports.Findings(Check.Value.Json)
            .Where(f => (string?)f["file"] == file && (string?)f["kind"] == kind && (string?)f["name"] == name
                && (ns is null || (string?)f["namespace"] == ns))
            .ToList();

    /// <summary>The object exists in the file, and its findings are exactly the given policy results.</summary>
    private static List<JsonObject> AssertOnly(string file, string kind, string? ns, string name, params (string Policy, string Result)[] expected)
    {
        var text = File.ReadAllText(Path.Combine(Repository.GitOpsCorpus, file));
        Assert.Contains($"\n  name: {name}\n", text);

        var findings = FindingsOf(file, kind, ns, name);
        Assert.Equal(
            expected.Select(e => $"{e.Policy} {e.Result}").Order(StringComparer.Ordinal),
            findings.Select(f => $"{f["policy"]} {f["result"]}").Order(StringComparer.Ordinal));
        return findings;
    }
}

using System.Text.Json.Nodes;
using AdmissionGuard.Chart.Tests.Infrastructure;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Chart.Tests;

public sealed class PolicyConfigMapTests
{
    private static readonly string[] OptInKinds = ["v1/Pod", "apps/v1/ReplicaSet"];

    /// <summary>Older HelmRelease versions the CLI reads in repositories; in a cluster the API server converts them to v2 (matchPolicy Equivalent).</summary>
    private static readonly string[] RepositoryOnlyKinds = ["helm.toolkit.fluxcd.io/v2beta2/HelmRelease", "helm.toolkit.fluxcd.io/v2beta1/HelmRelease"];

    public static TheoryData<string> ValueSetNames => ValueSet.Names;

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void The_server_policy_loader_accepts_the_rendered_policy_files(string valueSet)
    {
        var files = RenderedPolicies.Files(RenderedChart.Of(valueSet));

        var result = PolicyLoader.LoadFiles(files);

        Assert.True(result.Succeeded, $"{valueSet}: {string.Join("\n", result.Errors)}");
    }

    [Fact]
    public void There_is_one_file_per_policy_of_the_catalog_named_by_its_id_and_the_settings()
    {
        var files = RenderedPolicies.Files(RenderedChart.Of(ValueSet.Defaults));

        Assert.Equal(
            PolicyCatalog.All.Select(p => p.Id + ".yaml").Append("settings.yaml").Order(StringComparer.Ordinal),
            files.Select(f => f.File).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(f.File, RenderedPolicies.Parse(f.File, f.Content).Str("metadata.name") + ".yaml"));
    }

    [Fact]
    public void Each_policy_matches_only_kinds_its_implementation_supports()
    {
        foreach (var valueSet in new[] { ValueSet.Defaults, ValueSet.PodsAndReplicaSets })
        {
            foreach (var (id, policy) in RenderedPolicies.ById(RenderedChart.Of(valueSet)))
            {
                var supported = PolicyCatalog.Find(id)!.SupportedKinds.Select(k => k.Group.Length == 0 ? $"{k.Version}/{k.Kind}" : $"{k.Group}/{k.Version}/{k.Kind}");
                Assert.Subset(supported.ToHashSet(), policy.Strings("spec.match.kinds").ToHashSet());
            }
        }
    }

    [Fact]
    public void Default_values_render_the_repository_default_policies()
    {
        var rendered = RenderedPolicies.ById(RenderedChart.Of(ValueSet.Defaults));

        foreach (var file in Directory.GetFiles(Repository.Policies, "*.yaml"))
        {
            var builtin = RenderedPolicies.Parse(file, File.ReadAllText(file));
            var id = builtin.Str("metadata.name");
            var chart = rendered[id];

            foreach (var field in new[] { "action", "allowExistingViolations", "allowObjectExemption", "parameters" })
            {
                Assert.True(
                    JsonNode.DeepEquals(builtin.Find("spec." + field), chart.Find("spec." + field)),
                    $"{id}: spec.{field} differs: repository {builtin.Find("spec." + field)?.ToJsonString()}, chart {chart.Find("spec." + field)?.ToJsonString()}");
            }

            // The chart registers Pods and ReplicaSets only on request, HelmRelease only as v2, and always excludes its own namespace.
            Assert.Equal(builtin.Strings("spec.match.kinds").Except(OptInKinds).Except(RepositoryOnlyKinds), chart.Strings("spec.match.kinds"));
            Assert.Equal([.. builtin.Strings("spec.exclude.namespaces"), Helm.Namespace], chart.Strings("spec.exclude.namespaces"));
        }
    }

    [Fact]
    public void Helm_values_off_drops_the_helm_release_and_application_kinds_from_the_policy_file_too()
    {
        var policy = RenderedPolicies.ById(RenderedChart.Of(ValueSet.HelmValuesOff))["no-plaintext-secrets"];

        Assert.False(policy.Find("spec.parameters.helmValues")!.GetValue<bool>());
        Assert.DoesNotContain(policy.Strings("spec.match.kinds"), k => k.Contains("HelmRelease", StringComparison.Ordinal) || k.StartsWith("argoproj.io/", StringComparison.Ordinal));
    }

    [Fact]
    public void Actions_and_exclusions_come_from_values()
    {
        var policies = RenderedPolicies.ById(RenderedChart.Of(ValueSet.Tuned));

        Assert.Equal("warn", policies["config-checksum"].Str("spec.action"));
        Assert.Equal("audit", policies["no-plaintext-secrets"].Str("spec.action"));
        Assert.Equal("enforce", policies["hook-deadline"].Str("spec.action"));
        Assert.Equal(900, policies["hook-deadline"].Int("spec.parameters.maxSeconds"));
        Assert.Contains("legacy-apps", policies["no-plaintext-secrets"].Strings("spec.exclude.namespaces"));
        Assert.Equal(["flux-system/kustomize-controller"], policies["no-plaintext-secrets"].Strings("spec.exclude.serviceAccounts"));
    }

    [Theory]
    [InlineData("hook-deadline-off")]
    [InlineData("hook-deadline-false")]
    public void A_disabled_policy_is_written_with_action_off(string valueSet)
    {
        Assert.Equal("off", RenderedPolicies.ById(RenderedChart.Of(valueSet))["hook-deadline"].Str("spec.action"));
    }

    [Fact]
    public void An_unset_optional_parameter_is_left_out_rather_than_written_as_null()
    {
        var parameters = RenderedPolicies.ById(RenderedChart.Of(ValueSet.Defaults))["hook-deadline"].At("spec.parameters").AsObject();

        Assert.False(parameters.ContainsKey("maxSeconds"));
    }

    [Fact]
    public void Asking_for_pods_adds_pods_and_replicasets_to_no_plaintext_secrets_only()
    {
        var policies = RenderedPolicies.ById(RenderedChart.Of(ValueSet.PodsAndReplicaSets));

        Assert.Subset(policies["no-plaintext-secrets"].Strings("spec.match.kinds").ToHashSet(), OptInKinds.ToHashSet());
        Assert.All(
            policies.Where(p => p.Key != "no-plaintext-secrets"),
            p => Assert.Empty(p.Value.Strings("spec.match.kinds").Intersect(OptInKinds)));
    }
}

using System.Text.Json.Nodes;
using AdmissionGuard.Chart.Tests.Infrastructure;

namespace AdmissionGuard.Chart.Tests;

/// <summary>RBAC only for what runs: none by default, list on Kustomizations for the Flux look-up.</summary>
public sealed class RbacTests
{
    private static readonly string[] RbacKinds = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];

    private static JsonObject PodSpec(RenderedChart chart) => chart.Deployment.At("spec.template.spec").AsObject();

    [Fact]
    public void By_default_there_is_no_rbac_no_token_and_no_flux_look_up()
    {
        var chart = RenderedChart.Of(ValueSet.Defaults);

        Assert.All(RbacKinds, kind => Assert.Empty(chart.OfKind(kind)));
        Assert.False(PodSpec(chart).Bool("automountServiceAccountToken"));
        Assert.False(chart.Single("ServiceAccount").Bool("automountServiceAccountToken"));
        Assert.DoesNotContain(chart.Container.Strings("args"), a => a.StartsWith("--flux-decryption-lookup", StringComparison.Ordinal));
    }

    [Fact]
    public void The_flux_look_up_may_list_kustomizations_and_nothing_else()
    {
        var chart = RenderedChart.Of(ValueSet.FluxLookup);

        var role = chart.Single("ClusterRole");
        var rule = Assert.Single(role.Arr("rules"))!;
        Assert.Equal(["kustomize.toolkit.fluxcd.io"], rule.Strings("apiGroups"));
        Assert.Equal(["kustomizations"], rule.Strings("resources"));
        Assert.Equal(["list"], rule.Strings("verbs"));
        Assert.Empty(chart.OfKind("Role"));
        Assert.Empty(chart.OfKind("RoleBinding"));

        var binding = chart.Single("ClusterRoleBinding");
        Assert.Equal(role.Str("metadata.name"), binding.Str("roleRef.name"));
        Assert.Equal("ClusterRole", binding.Str("roleRef.kind"));
        var subject = Assert.Single(binding.Arr("subjects"))!;
        Assert.Equal("ServiceAccount", subject.Str("kind"));
        Assert.Equal(PodSpec(chart).Str("serviceAccountName"), subject.Str("name"));
        Assert.Equal(Helm.Namespace, subject.Str("namespace"));
    }

    [Fact]
    public void The_flux_look_up_mounts_a_token_and_turns_the_server_flag_on()
    {
        var chart = RenderedChart.Of(ValueSet.FluxLookup);

        Assert.True(PodSpec(chart).Bool("automountServiceAccountToken"));
        Assert.Contains("--flux-decryption-lookup=true", chart.Container.Strings("args"));
    }

    [Theory]
    [InlineData("defaults", "Information")]
    [InlineData("tuned", "Warning")]
    public void The_log_level_comes_from_values(string valueSet, string level)
    {
        Assert.Contains($"--log-level={level}", RenderedChart.Of(valueSet).Container.Strings("args"));
    }
}

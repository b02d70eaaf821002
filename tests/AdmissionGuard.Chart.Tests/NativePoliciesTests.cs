using AdmissionGuard.Chart.Tests.Infrastructure;
using AdmissionGuard.Core.Compile;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Chart.Tests;

/// <summary>templates/native-policies.yaml: generated from the compiler, off by default, only the API versions the cluster serves.</summary>
public sealed class NativePoliciesTests
{
    private static readonly string[] On = ["--set", "nativePolicies.enabled=true"];
    private static readonly string[] Beta = ["--api-versions", "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy", "--api-versions", "admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicy"];

    [Fact]
    public void The_template_is_what_the_compiler_writes_now_run_make_native_chart_when_this_fails()
    {
        var loaded = PolicyLoader.LoadDefaults();
        var expected = NativeChartTemplate.Render(loaded.Policies!);
        var actual = File.ReadAllText(Path.Combine(Repository.Chart, "templates", "native-policies.yaml"));
        Assert.True(expected == actual, "charts/admission-guard/templates/native-policies.yaml is stale: run make native-chart");
    }

    [Fact]
    public void Off_by_default()
    {
        var chart = RenderedChart.Of(ValueSet.Defaults.With(Beta));
        Assert.Empty(chart.OfKind("ValidatingAdmissionPolicy"));
        Assert.Empty(chart.OfKind("MutatingAdmissionPolicy"));
    }

    [Theory]
    [InlineData(HelmVersion.Helm3)]
    [InlineData(HelmVersion.Helm4)]
    public void On_installs_a_policy_and_binding_per_compiled_rule_for_the_versions_the_cluster_serves(HelmVersion helm)
    {
        var chart = RenderedChart.Of(ValueSet.Defaults.With([.. On, .. Beta]), helm);
        Assert.Equal(
            ["admission-guard-config-checksum", "admission-guard-hook-deadline", "admission-guard-no-plaintext-secrets"],
            chart.OfKind("ValidatingAdmissionPolicy").Select(d => d.Str("metadata.name")).Order(StringComparer.Ordinal));
        Assert.All(chart.OfKind("ValidatingAdmissionPolicyBinding"), b => Assert.Equal("Deny", b.Arr("spec.validationActions")[0]!.GetValue<string>()));
        var mutating = Assert.Single(chart.OfKind("MutatingAdmissionPolicy"));
        Assert.Equal("admissionregistration.k8s.io/v1beta1", mutating.Str("apiVersion"));
        var selector = chart.OfKind("ValidatingAdmissionPolicy").First().Arr("spec.matchConstraints.namespaceSelector.matchExpressions");
        Assert.Contains(selector[0]!["values"]!.AsArray(), v => v!.GetValue<string>() == Helm.Namespace);
    }

    [Fact]
    public void Follows_the_actions_in_values_and_leaves_out_what_the_cluster_lacks()
    {
        var warn = RenderedChart.Of(ValueSet.Defaults.With([.. On, .. Beta, "--set", "policies.hookDeadline.action=warn", "--set", "policies.configChecksum.action=off", "--set", "policies.keepStateful.action=warn"]));
        Assert.Equal("Warn", warn.Single("ValidatingAdmissionPolicyBinding", "admission-guard-hook-deadline").Arr("spec.validationActions")[0]!.GetValue<string>());
        Assert.DoesNotContain(warn.OfKind("ValidatingAdmissionPolicy"), d => d.Str("metadata.name") == "admission-guard-config-checksum");
        Assert.Empty(warn.OfKind("MutatingAdmissionPolicy"));

        var none = RenderedChart.Of(ValueSet.Defaults.With(On));
        Assert.Empty(none.OfKind("ValidatingAdmissionPolicy"));
        Assert.Empty(none.OfKind("MutatingAdmissionPolicy"));

        var noMutating = RenderedChart.Of(ValueSet.Defaults.With([.. On, "--api-versions", "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy"]));
        Assert.Equal(3, noMutating.OfKind("ValidatingAdmissionPolicy").Count());
        Assert.Empty(noMutating.OfKind("MutatingAdmissionPolicy"));

        var ga = RenderedChart.Of(ValueSet.Defaults.With([.. On, "--api-versions", "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy", "--api-versions", "admissionregistration.k8s.io/v1/MutatingAdmissionPolicy"]));
        Assert.Equal("admissionregistration.k8s.io/v1", Assert.Single(ga.OfKind("MutatingAdmissionPolicyBinding")).Str("apiVersion"));
    }
}

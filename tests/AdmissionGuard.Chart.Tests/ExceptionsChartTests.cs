using System.Text.Json.Nodes;
using AdmissionGuard.Chart.Tests.Infrastructure;
using AdmissionGuard.Core.Configuration;

namespace AdmissionGuard.Chart.Tests;

/// <summary>
/// <c>exceptions.enabled</c>: the PolicyException CRD (structural, printer columns), the editor
/// role (aggregated to admin only when asked), the server's list/watch, the webhook entry that
/// reviews exceptions, and the policy set's settings in the policies ConfigMap.
/// </summary>
public sealed class ExceptionsChartTests
{
    private const string EditorRole = Helm.FullName + "-policyexception-editor";
    private const string ReaderRole = Helm.FullName + "-policyexception-reader";

    [Fact]
    public void Off_by_default_no_crd_role_webhook_entry_flag_or_token()
    {
        var chart = RenderedChart.Of(ValueSet.Defaults);

        Assert.Empty(chart.OfKind("CustomResourceDefinition"));
        Assert.Empty(chart.OfKind("ClusterRole"));
        Assert.DoesNotContain(chart.Webhooks("ValidatingWebhookConfiguration"), w => w.Str("name") == "exceptions.validate.admission-guard.io");
        Assert.DoesNotContain(chart.Container.Strings("args"), a => a.StartsWith("--watch-exceptions", StringComparison.Ordinal));
        Assert.False(chart.Deployment.At("spec.template.spec").AsObject().Bool("automountServiceAccountToken"));
    }

    [Theory]
    [InlineData(HelmVersion.Helm3)]
    [InlineData(HelmVersion.Helm4)]
    public void The_crd_is_structural_with_printer_columns_for_policy_expiry_and_reason(HelmVersion version)
    {
        var crd = RenderedChart.Of(ValueSet.Exceptions, version).Single("CustomResourceDefinition");

        Assert.Equal("policyexceptions.admission-guard.io", crd.Str("metadata.name"));
        Assert.Equal("keep", crd.At("metadata.annotations")["helm.sh/resource-policy"]!.GetValue<string>());
        Assert.Equal("Namespaced", crd.Str("spec.scope"));
        Assert.Equal("PolicyException", crd.Str("spec.names.kind"));
        var served = Assert.Single(crd.Arr("spec.versions"))!;
        Assert.Equal("v1alpha1", served.Str("name"));
        Assert.True(served.Bool("served") && served.Bool("storage"));

        var columns = served.Arr("additionalPrinterColumns").Select(c => (c!.Str("name"), c!.Str("jsonPath"))).ToList();
        Assert.Contains(("Policies", ".spec.policies"), columns);
        Assert.Contains(("Expires", ".spec.expiresAt"), columns);
        Assert.Contains(("Reason", ".spec.reason"), columns);

        var schema = served.At("schema.openAPIV3Schema");
        AssertStructural(schema, "openAPIV3Schema");
        Assert.Equal(["policies", "reason", "expiresAt"], schema.At("properties.spec").Strings("required"));
        Assert.Equal("date-time", schema.Str("properties.spec.properties.expiresAt.format"));
        Assert.Equal(1, schema.Int("properties.spec.properties.reason.minLength"));
    }

    [Fact]
    public void The_editor_role_writes_exceptions_and_joins_admin_only_when_a_value_says_so()
    {
        var plain = RenderedChart.Of(ValueSet.Exceptions).Single("ClusterRole", EditorRole);
        var aggregated = RenderedChart.Of(ValueSet.Exceptions.With("--set", "exceptions.aggregateToAdmin=true")).Single("ClusterRole", EditorRole);

        var rule = Assert.Single(plain.Arr("rules"))!;
        Assert.Equal(["admission-guard.io"], rule.Strings("apiGroups"));
        Assert.Equal(["policyexceptions"], rule.Strings("resources"));
        Assert.Equal(["get", "list", "watch", "create", "update", "patch", "delete"], rule.Strings("verbs"));
        Assert.Null(plain.At("metadata.labels")["rbac.authorization.k8s.io/aggregate-to-admin"]);
        Assert.Equal("true", aggregated.At("metadata.labels")["rbac.authorization.k8s.io/aggregate-to-admin"]!.GetValue<string>());
    }

    [Fact]
    public void The_server_may_list_and_watch_exceptions_and_nothing_else_and_is_told_to()
    {
        var chart = RenderedChart.Of(ValueSet.Exceptions);

        var rule = Assert.Single(chart.Single("ClusterRole", ReaderRole).Arr("rules"))!;
        Assert.Equal(["policyexceptions"], rule.Strings("resources"));
        Assert.Equal(["list", "watch"], rule.Strings("verbs"));
        var binding = chart.Single("ClusterRoleBinding", ReaderRole);
        var subject = Assert.Single(binding.Arr("subjects"))!;
        Assert.Equal(chart.Deployment.At("spec.template.spec").AsObject().Str("serviceAccountName"), subject.Str("name"));
        Assert.Contains("--watch-exceptions=true", chart.Container.Strings("args"));
        Assert.True(chart.Deployment.At("spec.template.spec").AsObject().Bool("automountServiceAccountToken"));
    }

    [Fact]
    public void The_validating_webhook_reviews_exceptions_and_fails_closed()
    {
        var chart = RenderedChart.Of(ValueSet.Exceptions.With("--set", "webhook.validating.failurePolicy=Ignore"));

        var webhook = chart.Webhook("ValidatingWebhookConfiguration", "exceptions.validate.admission-guard.io");
        Assert.Equal("Fail", webhook.Str("failurePolicy"));
        Assert.Equal("/validate", webhook.Str("clientConfig.service.path"));
        var rule = Assert.Single(webhook.Arr("rules"))!;
        Assert.Equal(["admission-guard.io"], rule.Strings("apiGroups"));
        Assert.Equal(["policyexceptions"], rule.Strings("resources"));
        Assert.Equal(["CREATE", "UPDATE"], rule.Strings("operations"));

        // With every validating policy off, the configuration still reviews exceptions.
        var only = RenderedChart.Of(ValueSet.ValidatingPoliciesOff.With("--set", "exceptions.enabled=true"));
        Assert.Equal(["exceptions.validate.admission-guard.io"], only.Webhooks("ValidatingWebhookConfiguration").Select(w => w.Str("name")).ToArray());
    }

    [Fact]
    public void The_policy_set_settings_are_in_the_policies_config_map_and_load()
    {
        var chart = RenderedChart.Of(ValueSet.Exceptions.With("--set", "exceptions.maxExceptionDays=30", "--set", "exceptions.allowExceptionOfAllPolicies=true"));

        var result = PolicyLoader.LoadFiles(RenderedPolicies.Files(chart));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(30, result.Policies!.Settings.MaxExceptionDays);
        Assert.True(result.Policies.Settings.AllowExceptionOfAllPolicies);
        Assert.Equal(90, PolicyLoader.LoadFiles(RenderedPolicies.Files(RenderedChart.Of(ValueSet.Defaults))).Policies!.Settings.MaxExceptionDays);
    }

    [Theory]
    [InlineData("exceptions.maxExceptionDays=0")]
    [InlineData("exceptions.maxExceptionDays=4000")]
    [InlineData("exceptions.aggregateToAdmin=yes")]
    public void Out_of_range_values_are_refused_by_the_schema(string value)
    {
        var result = Helm.Template(HelmVersion.Helm3, ["--set", "exceptions.enabled=true", "--set", value]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("exceptions", result.Stderr);
    }

    /// <summary>Every node of a structural schema has a type (Kubernetes' rule for CRDs in apiextensions.k8s.io/v1).</summary>
    private static void AssertStructural(JsonNode node, string path)
    {
        Assert.True(node["type"] is not null, $"{path} has no type");
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                AssertStructural(child!, $"{path}.{name}");
            }
        }

        if (node["items"] is { } items)
        {
            AssertStructural(items, $"{path}[]");
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            AssertStructural(additional, $"{path}{{}}");
        }
    }
}

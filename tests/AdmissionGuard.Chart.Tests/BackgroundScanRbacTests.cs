using System.Text.Json.Nodes;
using AdmissionGuard.Chart.Tests.Infrastructure;

namespace AdmissionGuard.Chart.Tests;

/// <summary>
/// <c>backgroundScan.enabled</c>: off by default; on, exactly the lists of the enabled policies'
/// kinds, the OpenReports writes and the one Lease, a token, and the server flags.
/// </summary>
public sealed class BackgroundScanRbacTests
{
    private const string ScanRole = Helm.FullName + "-background-scan";
    private const string LeaseRole = Helm.FullName + "-background-scan-lease";

    [Fact]
    public void Off_by_default_no_rule_flag_or_token()
    {
        var chart = RenderedChart.Of(ValueSet.Defaults);

        Assert.DoesNotContain(chart.OfKind("ClusterRole"), r => r.Str("metadata.name") == ScanRole);
        Assert.DoesNotContain(chart.Container.Strings("args"), a => a.StartsWith("--background-scan", StringComparison.Ordinal));
        Assert.False(chart.Deployment.At("spec.template.spec").AsObject().Bool("automountServiceAccountToken"));
    }

    [Theory]
    [InlineData(HelmVersion.Helm3)]
    [InlineData(HelmVersion.Helm4)]
    public void On_it_may_list_the_targeted_kinds_write_reports_and_hold_its_lease_and_nothing_else(HelmVersion version)
    {
        var chart = RenderedChart.Of(ValueSet.BackgroundScan, version);

        var role = Assert.Single(chart.OfKind("ClusterRole"));
        Assert.Equal(ScanRole, role.Str("metadata.name"));
        Assert.Equal(
            [
                "/configmaps,persistentvolumeclaims,replicationcontrollers,secrets/list",
                "apiextensions.k8s.io/customresourcedefinitions/list",
                "apps/daemonsets,deployments,statefulsets/list",
                "argoproj.io/applications,applicationsets/list",
                "batch/cronjobs,jobs/list",
                "helm.toolkit.fluxcd.io/helmreleases/list",
                "openreports.io/reports,clusterreports/create,list,patch",
            ],
            Rules(role));

        var lease = Assert.Single(chart.OfKind("Role"));
        Assert.Equal(LeaseRole, lease.Str("metadata.name"));
        Assert.Equal(Helm.Namespace, lease.Str("metadata.namespace"));
        Assert.Equal(["coordination.k8s.io/leases/get,update", "coordination.k8s.io/leases/create"], Rules(lease));
        Assert.Equal(["admission-guard-background-scan"], lease.Arr("rules")[0]!.Strings("resourceNames"));

        foreach (var (kind, name) in new[] { ("ClusterRoleBinding", ScanRole), ("RoleBinding", LeaseRole) })
        {
            var binding = Assert.Single(chart.OfKind(kind));
            Assert.Equal(name, binding.Str("roleRef.name"));
            var subject = Assert.Single(binding.Arr("subjects"))!;
            Assert.Equal(chart.Deployment.At("spec.template.spec").AsObject().Str("serviceAccountName"), subject.Str("name"));
            Assert.Equal(Helm.Namespace, subject.Str("namespace"));
        }

        var args = chart.Container.Strings("args");
        Assert.Contains("--background-scan=30m", args);
        Assert.Contains($"--lease-namespace={Helm.Namespace}", args);
        Assert.True(chart.Deployment.At("spec.template.spec").AsObject().Bool("automountServiceAccountToken"));
        var env = Assert.Single(chart.Container.Arr("env"))!;
        Assert.Equal("POD_NAME", env.Str("name"));
        Assert.Equal("metadata.name", env.Str("valueFrom.fieldRef.fieldPath"));
    }

    [Fact]
    public void The_lists_follow_the_enabled_policies()
    {
        var chart = RenderedChart.Of(ValueSet.BackgroundScan.With(
            "--set", "policies.keepStateful.action=off",
            "--set", "policies.noPlaintextSecrets.action=off",
            "--set", "policies.hookDeadline.action=off"));

        Assert.Equal(
            ["apps/daemonsets,deployments,statefulsets/list", "openreports.io/reports,clusterreports/create,list,patch"],
            Rules(chart.Single("ClusterRole")));

        var pods = RenderedChart.Of(ValueSet.BackgroundScan.With("--set", "webhook.podsAndReplicaSets.enabled=true"));
        Assert.Contains("/configmaps,persistentvolumeclaims,pods,replicationcontrollers,secrets/list", Rules(pods.Single("ClusterRole")));
        Assert.Contains("apps/daemonsets,deployments,replicasets,statefulsets/list", Rules(pods.Single("ClusterRole")));
    }

    [Fact]
    public void With_the_flux_look_up_too_each_feature_keeps_its_own_role()
    {
        var chart = RenderedChart.Of(ValueSet.BackgroundScan.With("--set", "fluxDecryptionLookup.enabled=true"));

        Assert.Equal(2, chart.OfKind("ClusterRole").Count());
        Assert.Contains(chart.OfKind("ClusterRole"), r => r.Str("metadata.name") == ScanRole);
    }

    private static string[] Rules(JsonNode role) =>
        [.. role.Arr("rules").OfType<JsonObject>().Select(r => $"{string.Join(",", r.Strings("apiGroups"))}/{string.Join(",", r.Strings("resources"))}/{string.Join(",", r.Strings("verbs"))}")];
}

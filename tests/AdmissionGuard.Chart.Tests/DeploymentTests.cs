using System.Text.Json.Nodes;
using AdmissionGuard.Chart.Tests.Infrastructure;

namespace AdmissionGuard.Chart.Tests;

public sealed class DeploymentTests
{
    private static readonly RenderedChart Chart = RenderedChart.Of(ValueSet.Defaults);

    private static JsonObject PodSpec => Chart.Deployment.At("spec.template.spec").AsObject();

    private static string Argument(string flag) =>
        Chart.Container.Strings("args").Single(a => a.StartsWith(flag + "=", StringComparison.Ordinal))[(flag.Length + 1)..];

    private static long ContainerPort(string name) => Chart.Container.Arr("ports").Named(name).Int("containerPort");

    [Fact]
    public void Renders_exactly_the_objects_the_webhook_needs()
    {
        Assert.Equal(
            new[]
            {
                "Certificate", "Certificate", "ConfigMap", "Deployment", "Issuer", "Issuer", "MutatingWebhookConfiguration",
                "PodDisruptionBudget", "Service", "ServiceAccount", "ValidatingWebhookConfiguration",
            },
            Chart.Documents.Select(d => d.Str("kind")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Namespaced_objects_go_to_the_release_namespace()
    {
        var clusterScoped = new[] { "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" };

        Assert.All(
            Chart.Documents.Where(d => !clusterScoped.Contains(d.Str("kind"))),
            d => Assert.Equal(Helm.Namespace, d.Str("metadata.namespace")));
    }

    [Fact]
    public void Runs_the_serve_command_with_the_ports_certificate_and_policies_it_mounts()
    {
        Assert.Equal("serve", Chart.Container.Strings("args")[0]);
        Assert.Equal(ContainerPort("https").ToString(), Argument("--port"));
        Assert.Equal(ContainerPort("health").ToString(), Argument("--health-port"));

        var mounts = Chart.Container.Arr("volumeMounts");
        Assert.Equal(mounts.Named("tls").Str("mountPath") + "/tls.crt", Argument("--tls-cert-file"));
        Assert.Equal(mounts.Named("tls").Str("mountPath") + "/tls.key", Argument("--tls-key-file"));
        Assert.Equal(mounts.Named("policies").Str("mountPath"), Argument("--policies"));
    }

    [Fact]
    public void Mounts_the_policy_config_map_as_a_directory_so_edits_reach_the_server()
    {
        var mount = Chart.Container.Arr("volumeMounts").Named("policies");

        Assert.Null(mount["subPath"]);
        Assert.Null(mount["subPathExpr"]);
        Assert.True(mount.Bool("readOnly"));
        Assert.Equal(Chart.PolicyConfigMap.Str("metadata.name"), PodSpec.Arr("volumes").Named("policies").Str("configMap.name"));
        Assert.Null(PodSpec.Arr("volumes").Named("policies").Find("configMap.items"));
    }

    [Fact]
    public void The_service_sends_admission_traffic_to_the_https_port_and_metrics_to_the_health_port()
    {
        var ports = Chart.Single("Service").Arr("spec.ports");

        Assert.Equal("https", ports.Named("https").Str("targetPort"));
        Assert.Equal("health", ports.Named("metrics").Str("targetPort"));
        Assert.Equal(
            Chart.Deployment.At("spec.selector.matchLabels").ToJsonString(),
            Chart.Single("Service").At("spec.selector").ToJsonString());
    }

    [Fact]
    public void Probes_ask_the_health_port()
    {
        Assert.Equal("/healthz", Chart.Container.Str("livenessProbe.httpGet.path"));
        Assert.Equal("/readyz", Chart.Container.Str("readinessProbe.httpGet.path"));
        Assert.Equal("health", Chart.Container.Str("livenessProbe.httpGet.port"));
        Assert.Equal("health", Chart.Container.Str("readinessProbe.httpGet.port"));
        Assert.Equal(8080, ContainerPort("health"));
    }

    [Fact]
    public void Runs_as_non_root_with_a_read_only_root_file_system_no_capabilities_and_runtime_default_seccomp()
    {
        var pod = PodSpec.At("securityContext");
        var container = Chart.Container.At("securityContext");

        Assert.True(pod.Bool("runAsNonRoot"));
        Assert.True(pod.Int("runAsUser") > 0);
        Assert.Equal("RuntimeDefault", pod.Str("seccompProfile.type"));
        Assert.True(container.Bool("readOnlyRootFilesystem"));
        Assert.False(container.Bool("allowPrivilegeEscalation"));
        Assert.False(container.Bool("privileged"));
        Assert.Equal(["ALL"], container.Strings("capabilities.drop"));
        Assert.Null(container.Find("capabilities.add"));
        Assert.Equal("/tmp", Chart.Container.Arr("volumeMounts").Named("tmp").Str("mountPath"));
        Assert.NotNull(PodSpec.Arr("volumes").Named("tmp")["emptyDir"]);
    }

    [Fact]
    public void Has_resource_requests_and_limits()
    {
        foreach (var section in new[] { "requests", "limits" })
        {
            Assert.NotNull(Chart.Container.Find($"resources.{section}.cpu"));
            Assert.NotNull(Chart.Container.Find($"resources.{section}.memory"));
        }
    }

    [Fact]
    public void Runs_two_replicas_spread_over_nodes_and_rolls_without_losing_one()
    {
        Assert.Equal(2, Chart.Deployment.Int("spec.replicas"));
        Assert.Equal(0, Chart.Deployment.Int("spec.strategy.rollingUpdate.maxUnavailable"));

        var spread = Assert.Single(PodSpec.Arr("topologySpreadConstraints"))!;
        Assert.Equal("kubernetes.io/hostname", spread.Str("topologyKey"));
        Assert.Equal(1, spread.Int("maxSkew"));
        Assert.Equal(
            Chart.Deployment.At("spec.selector.matchLabels").ToJsonString(),
            spread.At("labelSelector.matchLabels").ToJsonString());
    }

    [Fact]
    public void A_disruption_budget_keeps_one_replica_through_drains()
    {
        var budget = Chart.Single("PodDisruptionBudget");

        Assert.Equal(1, budget.Int("spec.maxUnavailable"));
        Assert.Equal("AlwaysAllow", budget.Str("spec.unhealthyPodEvictionPolicy"));
        Assert.Equal(
            Chart.Deployment.At("spec.selector.matchLabels").ToJsonString(),
            budget.At("spec.selector.matchLabels").ToJsonString());
        foreach (var (key, value) in budget.At("spec.selector.matchLabels").AsObject())
        {
            Assert.Equal(value!.GetValue<string>(), Chart.Deployment.At("spec.template.metadata.labels")[key]?.GetValue<string>());
        }
    }

    [Fact]
    public void The_pods_roll_when_the_policies_change_and_only_then()
    {
        static string Checksum(ValueSet values) =>
            RenderedChart.Of(values).Deployment.Str("spec.template.metadata.annotations.checksum/policies");

        var defaults = Checksum(ValueSet.Defaults);
        Assert.Matches("^[0-9a-f]{64}$", defaults);
        Assert.NotEqual(defaults, Checksum(ValueSet.HookDeadlineOff));
        Assert.NotEqual(defaults, Checksum(ValueSet.Defaults.With("--set", "policies.configChecksum.parameters.annotationPrefix=rollme/")));
        Assert.Equal(defaults, Checksum(ValueSet.Defaults.With("--set", "replicaCount=3", "--set", "webhook.timeoutSeconds=9")));
    }

    [Fact]
    public void Without_roll_on_policy_change_a_policy_edit_never_restarts_a_pod()
    {
        Assert.Null(RenderedChart.Of(ValueSet.Tuned).Deployment.Find("spec.template.metadata.annotations.checksum/policies"));
    }
}

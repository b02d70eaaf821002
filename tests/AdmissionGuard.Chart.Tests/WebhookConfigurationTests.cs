using System.Text.Json.Nodes;
using AdmissionGuard.Chart.Tests.Dispatch;
using AdmissionGuard.Chart.Tests.Infrastructure;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Chart.Tests;

public sealed class WebhookConfigurationTests
{
    private const string Validating = WebhookDispatcher.Validating;
    private const string Mutating = WebhookDispatcher.Mutating;

    public static TheoryData<string> ValueSetNames => ValueSet.Names;

    private static IEnumerable<JsonObject> AllWebhooks(RenderedChart chart) => chart.Webhooks(Validating).Concat(chart.Webhooks(Mutating));

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void Every_webhook_is_side_effect_free_speaks_admission_v1_and_has_the_timeout(string valueSet)
    {
        var chart = RenderedChart.Of(valueSet);
        var timeout = valueSet == ValueSet.Tuned.Name ? 12 : 5;

        Assert.NotEmpty(AllWebhooks(chart));
        foreach (var webhook in AllWebhooks(chart))
        {
            Assert.Equal("None", webhook.Str("sideEffects"));
            Assert.Equal(["v1"], webhook.Strings("admissionReviewVersions"));
            Assert.Equal(timeout, webhook.Int("timeoutSeconds"));
        }
    }

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void Webhook_names_are_fully_qualified_and_unique_per_configuration(string valueSet)
    {
        var chart = RenderedChart.Of(valueSet);

        foreach (var kind in new[] { Validating, Mutating })
        {
            var names = chart.Webhooks(kind).Select(w => w.Str("name")).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.All(names, n => Assert.EndsWith(".admission-guard.io", n, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validating_webhooks_call_validate_and_the_mutating_webhook_calls_mutate_on_the_release_service()
    {
        var chart = RenderedChart.Of(ValueSet.Defaults);
        var service = chart.Single("Service");
        var httpsPort = service.Arr("spec.ports").Named("https").Int("port");

        foreach (var (kind, path) in new[] { (Validating, "/validate"), (Mutating, "/mutate") })
        {
            Assert.All(chart.Webhooks(kind), w =>
            {
                Assert.Equal(service.Str("metadata.name"), w.Str("clientConfig.service.name"));
                Assert.Equal(Helm.Namespace, w.Str("clientConfig.service.namespace"));
                Assert.Equal(path, w.Str("clientConfig.service.path"));
                Assert.Equal(httpsPort, w.Int("clientConfig.service.port"));
            });
        }
    }

    [Fact]
    public void By_default_validation_fails_closed_and_mutation_fails_open()
    {
        var chart = RenderedChart.Of(ValueSet.Defaults);

        Assert.Equal(["validate.admission-guard.io", "secrets.validate.admission-guard.io", "jobs.validate.admission-guard.io"], chart.Webhooks(Validating).Select(w => w.Str("name")));
        Assert.All(chart.Webhooks(Validating), w => Assert.Equal("Fail", w.Str("failurePolicy")));
        Assert.Equal("Ignore", Assert.Single(chart.Webhooks(Mutating)).Str("failurePolicy"));
    }

    [Fact]
    public void Failure_policies_and_timeout_follow_values()
    {
        var chart = RenderedChart.Of(ValueSet.Tuned);

        Assert.All(chart.Webhooks(Validating), w => Assert.Equal("Ignore", w.Str("failurePolicy")));
        Assert.Equal("Fail", Assert.Single(chart.Webhooks(Mutating)).Str("failurePolicy"));
    }

    [Fact]
    public void Pods_and_ReplicaSets_are_not_registered_by_default()
    {
        var resources = AllWebhooks(RenderedChart.Of(ValueSet.Defaults)).SelectMany(w => w.Arr("rules").SelectMany(r => r!.Strings("resources")));

        Assert.DoesNotContain("pods", resources);
        Assert.DoesNotContain("replicasets", resources);
        Assert.DoesNotContain(resources, r => r.Contains('*', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pods-and-replicasets")]
    [InlineData("kubernetes-1.29-pods")]
    public void Pods_and_ReplicaSets_get_a_webhook_of_their_own_that_ignores_failures_when_asked(string valueSet)
    {
        var chart = RenderedChart.Of(valueSet);
        var pods = chart.Webhook(Validating, "pods.validate.admission-guard.io");

        Assert.Equal("Ignore", pods.Str("failurePolicy"));
        Assert.Equal(["pods", "replicasets"], pods.Arr("rules").SelectMany(r => r!.Strings("resources")).Order());
        Assert.All(
            chart.Webhooks(Validating).Where(w => w != pods),
            w => Assert.Equal("Fail", w.Str("failurePolicy")));
    }

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void Rules_register_exactly_the_kinds_the_enabled_policies_match(string valueSet)
    {
        var chart = RenderedChart.Of(valueSet);

        Assert.Equal(
            RenderedPolicies.EnabledKinds(chart, PolicyType.Validating).Order(),
            RegisteredKinds(chart, Validating).Order());
        Assert.Equal(
            RenderedPolicies.EnabledKinds(chart, PolicyType.Mutating).Order(),
            RegisteredKinds(chart, Mutating).Order());
    }

    [Theory]
    [InlineData("config-checksum-off", new[] { "v1/Secret", "v1/ConfigMap", "v1/ReplicationController", "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "batch/v1/Job", "batch/v1/CronJob", "helm.toolkit.fluxcd.io/v2/HelmRelease", "argoproj.io/v1alpha1/Application", "argoproj.io/v1alpha1/ApplicationSet" })]
    [InlineData("hook-deadline-off", new[] { "v1/Secret", "v1/ConfigMap", "v1/ReplicationController", "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "batch/v1/Job", "batch/v1/CronJob", "helm.toolkit.fluxcd.io/v2/HelmRelease", "argoproj.io/v1alpha1/Application", "argoproj.io/v1alpha1/ApplicationSet" })]
    [InlineData("helm-values-off", new[] { "v1/Secret", "v1/ConfigMap", "v1/ReplicationController", "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "batch/v1/Job", "batch/v1/CronJob" })]
    [InlineData("no-plaintext-secrets-off", new[] { "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "batch/v1/Job" })]
    [InlineData("only-hook-deadline", new[] { "batch/v1/Job" })]
    [InlineData("validating-policies-off", new string[0])]
    public void A_disabled_policy_drops_the_kinds_only_it_needed(string valueSet, string[] expected)
    {
        Assert.Equal(expected.Order(), RegisteredKinds(RenderedChart.Of(valueSet), Validating).Order());
    }

    [Fact]
    public void Helm_releases_applications_and_application_sets_share_the_general_webhook_with_their_own_api_groups()
    {
        var webhook = RenderedChart.Of(ValueSet.Defaults).Webhooks(Validating).Single(w => w.Str("name") == "validate.admission-guard.io");
        var rules = webhook.Arr("rules").Select(r => r!.AsObject()).ToList();

        var flux = Assert.Single(rules, r => r.Strings("apiGroups").SequenceEqual(["helm.toolkit.fluxcd.io"]));
        Assert.Equal(["v2"], flux.Strings("apiVersions"));
        Assert.Equal(["helmreleases"], flux.Strings("resources"));
        Assert.Equal("Namespaced", flux.Str("scope"));
        var argo = Assert.Single(rules, r => r.Strings("apiGroups").SequenceEqual(["argoproj.io"]));
        Assert.Equal(["v1alpha1"], argo.Strings("apiVersions"));
        Assert.Equal(["applications", "applicationsets"], argo.Strings("resources"));
        Assert.Equal(["CREATE", "UPDATE"], argo.Strings("operations"));
    }

    [Fact]
    public void Without_validating_policies_no_validating_configuration_is_rendered()
    {
        Assert.Empty(RenderedChart.Of(ValueSet.ValidatingPoliciesOff).OfKind(Validating));
        Assert.Single(RenderedChart.Of(ValueSet.ValidatingPoliciesOff).OfKind(Mutating));
    }

    [Fact]
    public void Without_keep_stateful_no_mutating_configuration_is_rendered()
    {
        Assert.Empty(RenderedChart.Of(ValueSet.KeepStatefulOff).OfKind(Mutating));
    }

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void Rules_cover_create_and_update_only_with_the_resource_scope(string valueSet)
    {
        foreach (var rule in AllWebhooks(RenderedChart.Of(valueSet)).SelectMany(w => w.Arr("rules").OfType<JsonObject>()))
        {
            Assert.Equal(["CREATE", "UPDATE"], rule.Strings("operations"));
            var resources = rule.Strings("resources").Select(r => ApiResource.Known.Single(k => k.Resource == r && k.Group == rule.Strings("apiGroups").Single()));
            var scope = Assert.Single(resources.Select(r => r.Namespaced ? "Namespaced" : "Cluster").Distinct());
            Assert.Equal(scope, rule.Str("scope"));
        }
    }

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void The_namespace_selector_skips_system_namespaces_the_release_namespace_and_opted_out_ones(string valueSet)
    {
        var chart = RenderedChart.Of(valueSet);
        var expectedSkipped = new List<string> { "kube-system", "kube-public", "kube-node-lease", Helm.Namespace };
        if (valueSet == ValueSet.Tuned.Name)
        {
            expectedSkipped.AddRange(["legacy", "sandbox"]);
        }

        foreach (var webhook in AllWebhooks(chart))
        {
            var expressions = webhook.Arr("namespaceSelector.matchExpressions").OfType<JsonObject>().ToList();
            Assert.Equal(2, expressions.Count);
            Assert.Null(webhook.Find("namespaceSelector.matchLabels"));

            var byName = expressions.Single(e => e.Str("key") == "kubernetes.io/metadata.name");
            Assert.Equal("NotIn", byName.Str("operator"));
            Assert.Equal(expectedSkipped.Order(), byName.Strings("values").Order());

            var optOut = expressions.Single(e => e.Str("key") == "admission-guard.io/ignore");
            Assert.Equal("NotIn", optOut.Str("operator"));
            Assert.Equal(["true"], optOut.Strings("values"));
        }
    }

    [Theory]
    [InlineData("kubernetes-1.29")]
    [InlineData("kubernetes-1.29-only-hook-deadline")]
    [InlineData("kubernetes-1.29-pods")]
    public void Before_Kubernetes_1_30_no_match_conditions_are_rendered(string valueSet)
    {
        Assert.All(AllWebhooks(RenderedChart.Of(valueSet)), w => Assert.Null(w["matchConditions"]));
    }

    [Theory]
    [InlineData("kubernetes-1.31")]
    [InlineData("defaults")]
    public void From_Kubernetes_1_30_every_webhook_skips_objects_being_deleted_and_the_control_plane(string valueSet)
    {
        Assert.All(AllWebhooks(RenderedChart.Of(valueSet)), w =>
        {
            Assert.Equal("!has(object.metadata.deletionTimestamp)", w.Arr("matchConditions").Named("not-being-deleted").Str("expression"));
            Assert.Contains("system:kube-controller-manager", w.Arr("matchConditions").Named("not-from-the-control-plane").Str("expression"), StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void Every_match_condition_is_one_the_dispatch_replay_models(string valueSet)
    {
        foreach (var webhook in AllWebhooks(RenderedChart.Of(valueSet)))
        {
            var conditions = webhook["matchConditions"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            Assert.Equal(conditions.Count, conditions.Select(c => c.Str("name")).Distinct().Count());
            Assert.All(conditions, c => Assert.True(MatchConditions.IsKnown(c.Str("expression")), c.Str("expression")));
        }
    }

    [Fact]
    public void Jobs_are_narrowed_to_hooks_when_only_hook_deadline_needs_them()
    {
        Assert.Equal(
            "has(object.metadata.annotations) && ('helm.sh/hook' in object.metadata.annotations || 'argocd.argoproj.io/hook' in object.metadata.annotations)",
            HookJobCondition(ValueSet.OnlyHookDeadline));
    }

    [Fact]
    public void Jobs_are_narrowed_to_helm_hooks_when_argo_cd_hooks_are_not_counted()
    {
        Assert.Equal(
            "has(object.metadata.annotations) && 'helm.sh/hook' in object.metadata.annotations",
            HookJobCondition(ValueSet.OnlyHelmHooks));
    }

    [Fact]
    public void Jobs_skip_only_cronjob_runs_when_no_plaintext_secrets_needs_every_job()
    {
        var conditions = RenderedChart.Of(ValueSet.Defaults).Webhook(Validating, "jobs.validate.admission-guard.io").Arr("matchConditions");

        Assert.Equal(["not-being-deleted", "not-from-the-control-plane", "not-created-by-a-cronjob"], conditions.Select(c => c!.Str("name")));
    }

    [Fact]
    public void The_secret_webhook_skips_the_exempt_secret_types_from_values()
    {
        var secrets = RenderedChart.Of(ValueSet.Defaults.With("--set", "policies.noPlaintextSecrets.parameters.exemptTypes={helm.sh/release.v1,bootstrap.kubernetes.io/token}"))
            .Webhook(Validating, "secrets.validate.admission-guard.io");

        Assert.Equal(
            "!has(object.type) || !(object.type in ['helm.sh/release.v1', 'bootstrap.kubernetes.io/token'])",
            secrets.Arr("matchConditions").Named("not-an-exempt-secret-type").Str("expression"));
    }

    /// <summary>The kinds the rules of one configuration register, as policy-file kinds (<c>apps/v1/Deployment</c>).</summary>
    /// <summary>The expression of the jobs webhook's hook-job match condition, rendered with <paramref name="values"/>.</summary>
    private static string HookJobCondition(ValueSet values) =>
        RenderedChart.Of(values).Webhook(Validating, "jobs.validate.admission-guard.io").Arr("matchConditions").Named("hook-job").Str("expression");

    private static IEnumerable<string> RegisteredKinds(RenderedChart chart, string configurationKind) =>
        chart.Webhooks(configurationKind)
            .Where(w => w.Str("name") != "exceptions.validate.admission-guard.io") // PolicyExceptions themselves, not a policy's kind (ExceptionsChartTests)
            .SelectMany(w => w.Arr("rules").OfType<JsonObject>())
            .SelectMany(rule => rule.Strings("resources").Select(resource =>
            {
                var group = rule.Strings("apiGroups").Single();
                var version = rule.Strings("apiVersions").Single();
                var known = ApiResource.Known.Single(k => k.Group == group && k.Version == version && k.Resource == resource);
                return $"{known.ApiVersion}/{known.Kind}";
            }));
}

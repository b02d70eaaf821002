using AdmissionGuard.Chart.Tests.Dispatch;
using AdmissionGuard.Chart.Tests.Infrastructure;
using AdmissionGuard.Core.Engine;
using static AdmissionGuard.Chart.Tests.Dispatch.ClusterObjects;

namespace AdmissionGuard.Chart.Tests;

/// <summary>
/// Replays the API server's choice of webhooks against the rendered configurations: for a kind,
/// a namespace and its labels, the object's annotations and owners, and an operation, is
/// /validate called, /mutate, or neither.
/// </summary>
public sealed class DispatchReplayTests
{
    private static readonly Dictionary<string, string> HelmHook = new() { ["helm.sh/hook"] = "pre-upgrade" };
    private static readonly Dictionary<string, string> ArgoCDHook = new() { ["argocd.argoproj.io/hook"] = "PreSync" };
    private static readonly Dictionary<string, string> OptedOut = new() { ["admission-guard.io/ignore"] = "true" };

    private static IReadOnlyList<string> Paths(string valueSet, AdmissionAttempt attempt) =>
        WebhookDispatcher.Paths(RenderedChart.Of(valueSet).Documents, attempt);

    private static IReadOnlyList<WebhookCall> Calls(string valueSet, AdmissionAttempt attempt) =>
        WebhookDispatcher.Dispatch(RenderedChart.Of(valueSet).Documents, attempt);

    [Theory]
    [InlineData("Deployment")]
    [InlineData("StatefulSet")]
    [InlineData("DaemonSet")]
    [InlineData("CronJob")]
    [InlineData("ConfigMap")]
    [InlineData("Secret")]
    [InlineData("Job")]
    [InlineData("HelmRelease")]
    [InlineData("Application")]
    [InlineData("ApplicationSet")]
    public void A_workload_or_configuration_applied_to_an_application_namespace_is_validated_once(string kind)
    {
        var resource = ApiResource.Known.Single(r => r.Kind == kind);

        foreach (var operation in new[] { "CREATE", "UPDATE" })
        {
            var calls = Calls("defaults", Attempt(resource, operation));
            var call = Assert.Single(calls);
            Assert.Equal("/validate", call.Path);
            Assert.Equal("Fail", call.FailurePolicy);
            Assert.False(call.ConditionError);
        }
    }

    [Theory]
    [InlineData("HelmRelease")]
    [InlineData("Application")]
    [InlineData("ApplicationSet")]
    public void Helm_releases_and_applications_reach_no_webhook_when_helm_values_is_off(string kind)
    {
        Assert.Empty(Calls("helm-values-off", Attempt(ApiResource.Known.Single(r => r.Kind == kind))));
    }

    [Fact]
    public void A_helm_release_status_write_by_flux_reaches_no_webhook()
    {
        Assert.Empty(Calls("defaults", Attempt(ApiResource.HelmRelease, "UPDATE", subResource: "status", username: "system:serviceaccount:flux-system:helm-controller")));
    }

    [Theory]
    [InlineData("PersistentVolumeClaim")]
    [InlineData("CustomResourceDefinition")]
    public void Persistent_volume_claims_and_crds_are_mutated_and_never_validated(string kind)
    {
        var resource = ApiResource.Known.Single(r => r.Kind == kind);

        var call = Assert.Single(Calls("defaults", Attempt(resource)));
        Assert.Equal("/mutate", call.Path);
        Assert.Equal("Ignore", call.FailurePolicy);
    }

    [Theory]
    [InlineData("Deployment", "DELETE")]
    [InlineData("Secret", "DELETE")]
    [InlineData("PersistentVolumeClaim", "DELETE")]
    [InlineData("Deployment", "CONNECT")]
    public void Deletes_and_connects_reach_no_webhook(string kind, string operation)
    {
        Assert.Empty(Calls("defaults", Attempt(ApiResource.Known.Single(r => r.Kind == kind), operation)));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("scale")]
    public void Subresource_writes_reach_no_webhook(string subResource)
    {
        Assert.Empty(Calls("defaults", Attempt(ApiResource.Deployment, "UPDATE", subResource: subResource)));
    }

    [Theory]
    [InlineData("Service")]
    [InlineData("Ingress")]
    [InlineData("ClusterRole")]
    [InlineData("Pod")]
    [InlineData("ReplicaSet")]
    public void Kinds_no_policy_needs_reach_no_webhook(string kind)
    {
        Assert.Empty(Calls("defaults", Attempt(ApiResource.Known.Single(r => r.Kind == kind))));
    }

    [Theory]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    [InlineData("kube-node-lease")]
    [InlineData(Helm.Namespace)]
    public void System_namespaces_and_the_release_namespace_reach_no_webhook(string ns)
    {
        foreach (var resource in new[] { ApiResource.Deployment, ApiResource.Secret, ApiResource.Job, ApiResource.PersistentVolumeClaim })
        {
            Assert.Empty(Calls("defaults", Attempt(resource, ns: ns, obj: Object(resource, ns, annotations: HelmHook))));
        }
    }

    [Fact]
    public void A_namespace_labelled_to_be_ignored_reaches_no_webhook_unless_the_label_says_false()
    {
        Assert.Empty(Calls("defaults", Attempt(ApiResource.Deployment, namespaceLabels: OptedOut)));
        Assert.Empty(Calls("defaults", Attempt(ApiResource.PersistentVolumeClaim, namespaceLabels: OptedOut)));
        Assert.Equal(["/validate"], Paths("defaults", Attempt(ApiResource.Deployment, namespaceLabels: new Dictionary<string, string> { ["admission-guard.io/ignore"] = "false" })));
    }

    [Fact]
    public void Namespaces_excluded_through_values_reach_no_webhook()
    {
        Assert.Empty(Calls("tuned", Attempt(ApiResource.Deployment, ns: "legacy")));
        Assert.Empty(Calls("tuned", Attempt(ApiResource.Secret, ns: "sandbox")));
        Assert.Equal(["/validate"], Paths("tuned", Attempt(ApiResource.Deployment, ns: "shop")));
    }

    [Fact]
    public void Crds_reach_the_mutating_webhook_whatever_namespace_labels_say()
    {
        // Cluster-scoped: no namespaceSelector applies, which is why the mutating webhook fails open.
        Assert.Equal(["/mutate"], Paths("defaults", Attempt(ApiResource.CustomResourceDefinition, ns: "kube-system", namespaceLabels: OptedOut)));
    }

    [Fact]
    public void Helm_release_records_and_service_account_tokens_skip_the_webhook()
    {
        foreach (var type in new[] { "helm.sh/release.v1", "kubernetes.io/service-account-token" })
        {
            Assert.Empty(Calls("defaults", Attempt(ApiResource.Secret, obj: Object(ApiResource.Secret, type: type))));
        }

        foreach (var type in new[] { "Opaque", "kubernetes.io/tls", "kubernetes.io/dockerconfigjson" })
        {
            Assert.Equal(["/validate"], Paths("defaults", Attempt(ApiResource.Secret, obj: Object(ApiResource.Secret, type: type))));
        }
    }

    [Fact]
    public void Before_Kubernetes_1_30_helm_release_records_are_reviewed_too()
    {
        Assert.Equal(["/validate"], Paths("kubernetes-1.29", Attempt(ApiResource.Secret, obj: Object(ApiResource.Secret, type: "helm.sh/release.v1"))));
    }

    [Fact]
    public void Cronjob_runs_never_wait_on_the_webhook()
    {
        var run = Object(ApiResource.Job, owners: [("batch/v1", "CronJob")]);

        Assert.Empty(Calls("defaults", Attempt(ApiResource.Job, obj: run)));
        Assert.Empty(Calls("only-hook-deadline", Attempt(ApiResource.Job, obj: run)));
        Assert.Equal(["/validate"], Paths("defaults", Attempt(ApiResource.CronJob)));
    }

    [Fact]
    public void With_no_plaintext_secrets_every_declaratively_applied_job_is_validated()
    {
        Assert.Equal(["/validate"], Paths("defaults", Attempt(ApiResource.Job)));
        Assert.Equal(["/validate"], Paths("defaults", Attempt(ApiResource.Job, obj: Object(ApiResource.Job, annotations: HelmHook))));
        Assert.Equal(["/validate"], Paths("hook-deadline-off", Attempt(ApiResource.Job)));
    }

    [Fact]
    public void With_only_hook_deadline_just_hook_jobs_are_validated()
    {
        Assert.Equal(["/validate"], Paths("only-hook-deadline", Attempt(ApiResource.Job, obj: Object(ApiResource.Job, annotations: HelmHook))));
        Assert.Equal(["/validate"], Paths("only-hook-deadline", Attempt(ApiResource.Job, obj: Object(ApiResource.Job, annotations: ArgoCDHook))));
        Assert.Empty(Calls("only-hook-deadline", Attempt(ApiResource.Job)));
        Assert.Empty(Calls("only-hook-deadline", Attempt(ApiResource.Job, obj: Object(ApiResource.Job, annotations: new Dictionary<string, string> { ["team"] = "payments" }))));
    }

    [Fact]
    public void Argo_cd_hooks_are_skipped_when_hook_deadline_does_not_count_them()
    {
        Assert.Equal(["/validate"], Paths("only-helm-hooks", Attempt(ApiResource.Job, obj: Object(ApiResource.Job, annotations: HelmHook))));
        Assert.Empty(Calls("only-helm-hooks", Attempt(ApiResource.Job, obj: Object(ApiResource.Job, annotations: ArgoCDHook))));
    }

    [Fact]
    public void Before_Kubernetes_1_30_every_job_is_validated()
    {
        var run = Object(ApiResource.Job, owners: [("batch/v1", "CronJob")]);

        Assert.Equal(["/validate"], Paths("kubernetes-1.29", Attempt(ApiResource.Job, obj: run)));
        Assert.Equal(["/validate"], Paths("kubernetes-1.29-only-hook-deadline", Attempt(ApiResource.Job)));
    }

    [Fact]
    public void Objects_being_deleted_are_not_reviewed_while_their_finalizers_are_removed()
    {
        foreach (var resource in new[] { ApiResource.Deployment, ApiResource.Secret, ApiResource.Job, ApiResource.PersistentVolumeClaim })
        {
            Assert.Empty(Calls("defaults", Attempt(resource, "UPDATE", obj: Object(resource, beingDeleted: true))));
        }
    }

    [Theory]
    [InlineData("system:serviceaccount:kube-system:root-ca-cert-publisher")]
    [InlineData("system:serviceaccount:kube-system:generic-garbage-collector")]
    [InlineData("system:kube-controller-manager")]
    public void The_control_plane_controllers_never_wait_on_the_webhook(string username)
    {
        // The CA publisher writes kube-root-ca.crt into every new namespace; pods need it to start.
        Assert.Empty(Calls("defaults", Attempt(ApiResource.ConfigMap, username: username)));
        Assert.Empty(Calls("defaults", Attempt(ApiResource.Deployment, "UPDATE", username: username)));
        Assert.Empty(Calls("defaults", Attempt(ApiResource.PersistentVolumeClaim, username: username)));
        Assert.Equal(["/validate"], Paths("kubernetes-1.29", Attempt(ApiResource.ConfigMap, username: username)));
    }

    [Theory]
    [InlineData("system:serviceaccount:flux-system:kustomize-controller")]
    [InlineData("system:serviceaccount:argocd:argocd-application-controller")]
    [InlineData("system:serviceaccount:kube-systemx:applier")]
    public void Gitops_controllers_are_reviewed_like_people(string username)
    {
        Assert.Equal(["/validate"], Paths("defaults", Attempt(ApiResource.ConfigMap, username: username)));
        Assert.Equal(["/validate"], Paths("defaults", Attempt(ApiResource.Secret, username: username)));
    }

    [Fact]
    public void Skipping_control_plane_requests_can_be_turned_off()
    {
        var set = ValueSet.Defaults.With("--set", "webhook.skipControlPlaneRequests=false");

        Assert.Equal(["/validate"], WebhookDispatcher.Paths(RenderedChart.Of(set).Documents, Attempt(ApiResource.ConfigMap, username: "system:kube-controller-manager")));
    }

    [Fact]
    public void Asked_for_pods_and_replicasets_reach_the_webhook_only_when_no_workload_controller_made_them()
    {
        var bare = Calls("pods-and-replicasets", Attempt(ApiResource.Pod));
        Assert.Equal("/validate", Assert.Single(bare).Path);
        Assert.Equal("Ignore", bare[0].FailurePolicy);

        Assert.Empty(Calls("pods-and-replicasets", Attempt(ApiResource.Pod, obj: Object(ApiResource.Pod, owners: [("apps/v1", "ReplicaSet")]))));
        Assert.Empty(Calls("pods-and-replicasets", Attempt(ApiResource.Pod, obj: Object(ApiResource.Pod, owners: [("batch/v1", "Job")]))));
        Assert.Empty(Calls("pods-and-replicasets", Attempt(ApiResource.ReplicaSet, obj: Object(ApiResource.ReplicaSet, owners: [("apps/v1", "Deployment")]))));

        // Argo Rollouts' ReplicaSets come from a template no webhook rule covers.
        Assert.Equal(["/validate"], Paths("pods-and-replicasets", Attempt(ApiResource.ReplicaSet, obj: Object(ApiResource.ReplicaSet, owners: [("argoproj.io/v1alpha1", "Rollout")]))));
    }

    [Fact]
    public void Disabled_policies_stop_the_calls_only_they_needed()
    {
        Assert.Empty(Calls("no-plaintext-secrets-off", Attempt(ApiResource.Secret)));
        Assert.Empty(Calls("no-plaintext-secrets-off", Attempt(ApiResource.ConfigMap)));
        Assert.Empty(Calls("no-plaintext-secrets-off", Attempt(ApiResource.CronJob)));
        Assert.Equal(["/validate"], Paths("no-plaintext-secrets-off", Attempt(ApiResource.Deployment)));

        Assert.Empty(Calls("keep-stateful-off", Attempt(ApiResource.PersistentVolumeClaim)));
        Assert.Empty(Calls("keep-stateful-off", Attempt(ApiResource.CustomResourceDefinition)));

        Assert.Empty(Calls("validating-policies-off", Attempt(ApiResource.Deployment)));
        Assert.Equal(["/mutate"], Paths("validating-policies-off", Attempt(ApiResource.PersistentVolumeClaim)));
    }

    public static TheoryData<string> ValueSetNames => ValueSet.Names;

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void Every_kind_an_enabled_policy_matches_reaches_its_endpoint_exactly_once(string valueSet)
    {
        var chart = RenderedChart.Of(valueSet);
        foreach (var (id, policy) in RenderedPolicies.ById(chart).Where(p => RenderedPolicies.IsEnabled(p.Value)))
        {
            var path = RenderedPolicies.TypeOf(id) == PolicyType.Mutating ? "/mutate" : "/validate";
            foreach (var kind in policy.Strings("spec.match.kinds"))
            {
                var resource = ApiResource.ForPolicyKind(kind);

                // A hook Job reaches every Job webhook; a bare Pod or ReplicaSet has no owner.
                var obj = Object(resource, annotations: resource == ApiResource.Job ? HelmHook : null);
                var calls = WebhookDispatcher.Dispatch(chart.Documents, Attempt(resource, obj: obj));

                Assert.True(calls.Count(c => c.Path == path) == 1, $"{valueSet}: {id} matches {kind}, calls: [{string.Join(", ", calls)}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void No_request_is_sent_to_two_webhooks_of_the_same_configuration(string valueSet)
    {
        var chart = RenderedChart.Of(valueSet);
        var objects = ApiResource.Known.SelectMany(r => new[]
        {
            Object(r),
            Object(r, annotations: HelmHook),
            Object(r, annotations: ArgoCDHook),
            Object(r, owners: [("batch/v1", "CronJob")]),
            Object(r, owners: [("apps/v1", "ReplicaSet")]),
            Object(r, type: "Opaque"),
        }.Select(o => (Resource: r, Object: o)));

        foreach (var (resource, obj) in objects)
        {
            var calls = WebhookDispatcher.Dispatch(chart.Documents, Attempt(resource, obj: obj));
            Assert.All(calls.GroupBy(c => c.ConfigurationKind), g => Assert.True(g.Count() == 1, $"{valueSet}: {resource} sent to [{string.Join(", ", g)}]"));
            Assert.DoesNotContain(calls, c => c.ConditionError);
        }
    }

    [Fact]
    public void The_replay_refuses_a_match_condition_it_does_not_model()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            MatchConditions.Evaluate("object.metadata.name.startsWith('x')", Attempt(ApiResource.Deployment)));

        Assert.Contains("not modelled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_match_condition_on_a_missing_object_is_an_error_not_a_skip()
    {
        Assert.Equal(ConditionResult.Error, MatchConditions.Evaluate("!has(object.metadata.deletionTimestamp)", Attempt(ApiResource.Deployment, "DELETE")));
    }
}

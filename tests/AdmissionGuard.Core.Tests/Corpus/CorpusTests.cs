using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Core.Patching;
using AdmissionGuard.Core.Tests.Fixtures;
using AdmissionGuard.Testing;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace AdmissionGuard.Core.Tests.Corpus;

/// <summary>
/// Every object of the real-world corpus (../shared/corpus) through the engine with the default
/// policies, as a CREATE from an unknown client (no field manager, not from a manifest file), for
/// both webhooks; then named objects (for all four policies) whose results are pinned exactly.
/// </summary>
public sealed class CorpusTests
{
    private static readonly PolicyEngine Engine = new(PolicyLoader.LoadDefaults().Policies
        ?? throw new InvalidOperationException("the default policies do not load"));

    private static readonly ConcurrentDictionary<string, IReadOnlyList<ManifestDocument>> Documents = new(StringComparer.Ordinal);

    /// <summary>Kinds without a namespace; every other object is reviewed in its own namespace or <c>default</c>.</summary>
    private static readonly HashSet<string> ClusterScoped =
    [
        "CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass", "StorageClass",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "IngressClass", "PersistentVolume",
    ];

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(CorpusPath.Directory, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_object_is_reviewed_by_both_webhooks_and_every_patch_applies_once(string file)
    {
        var reviewed = 0;
        foreach (var doc in Read(file))
        {
            if (doc.Content is not JsonObject obj || obj["kind"] is null || obj["apiVersion"] is null)
            {
                continue;
            }

            var validating = Engine.Evaluate(Request(obj), PolicyType.Validating);
            var mutating = Engine.Evaluate(Request(obj), PolicyType.Mutating);
            reviewed++;

            var where = $"{file}:{doc.Line} {obj["kind"]} {obj["metadata"]?["name"]}";
            foreach (var result in validating.Results.Concat(mutating.Results))
            {
                Assert.True(result.Result != PolicyResultKind.Error, $"{where}: {result.PolicyId} could not read the object: {result.Reason}");
            }

            Assert.Empty(validating.Patch);
            if (mutating.Patch.Count > 0)
            {
                var patched = obj.DeepClone();
                JsonSerializer.Deserialize<JsonPatchDocument>(JsonPatchWriter.ToJson(mutating.Patch))!.ApplyTo(patched);
                var again = Engine.Evaluate(Request((JsonObject)patched), PolicyType.Mutating);
                Assert.True(again.Patch.Count == 0, $"{where}: a second pass patched again");
            }
        }

        Assert.True(reviewed > 0, $"{file}: no object reviewed");
    }

    [Fact]
    public void Argo_cd_install_repo_server_without_checksum_is_denied_listing_each_config_map_and_where_it_is_read()
    {
        var review = Review("argo-cd-install.yaml", "Deployment", "argocd-repo-server");

        AssertResults(review, ("config-checksum", PolicyResultKind.Deny));
        var message = review.Validating.Answer().Message;
        Assert.Contains("[config-checksum] Deployment default/argocd-repo-server: the pod template reads ConfigMap argocd-cmd-params-cm (env GRPC_ENABLE_TXT_SERVICE_CONFIG in container argocd-repo-server;", message);
        Assert.Contains("ConfigMap argocd-cm (env ARGOCD_RECONCILIATION_TIMEOUT in container argocd-repo-server", message);
        Assert.Contains("ConfigMap argocd-ssh-known-hosts-cm (volume ssh-known-hosts)", message);
        // A plain install manifest, not rendered by Helm: the fix is kustomize's generator or Reloader, never a chart snippet.
        Assert.Contains("(at spec.template.metadata.annotations). Fix: generate ConfigMap argocd-cmd-params-cm with kustomize's configMapGenerator", message);
        Assert.DoesNotContain("sha256sum", message);
        Assert.DoesNotContain("Secret argocd-redis", message);
        Assert.True(Encoding.UTF8.GetByteCount(message) < FindingText.MaxMessageLength, "denial over 4 KB");
    }

    [Fact]
    public void Argo_cd_chart_repo_server_with_checksums_passes()
    {
        var review = Review("argo-helm-argo-cd.yaml", "Deployment", "argocd-repo-server");

        AssertResults(review, ("config-checksum", PolicyResultKind.Pass));
        Assert.True(review.Validating.Allowed);
    }

    [Fact]
    public void Prometheus_server_reading_its_config_map_volume_is_denied()
    {
        var review = Review("prometheus-community-prometheus.yaml", "Deployment", "prometheus-server");

        AssertResults(review, ("config-checksum", PolicyResultKind.Deny));
        Assert.Contains("ConfigMap prometheus-server (volume config-volume)", review.Validating.Answer().Message);
    }

    [Fact]
    public void Kube_prometheus_grafana_with_md5_checksums_passes()
    {
        var review = Review("kube-prometheus-manifests.yaml", "Deployment", "grafana");

        AssertResults(review, ("config-checksum", PolicyResultKind.Pass));
    }

    [Fact]
    public void Mastodon_apache_reading_its_vhost_config_map_is_denied()
    {
        var review = Review("bitnami-mastodon.yaml", "Deployment", "mastodon-apache");

        AssertResults(review, ("config-checksum", PolicyResultKind.Deny));
        Assert.Contains("ConfigMap mastodon-apache-mastodon-vhost (volume vhosts)", review.Validating.Answer().Message);
    }

    [Fact]
    public void Ingress_nginx_certificate_hook_without_deadline_is_denied_naming_its_phases()
    {
        var review = Review("ingress-nginx-chart.yaml", "Job", "ingress-nginx-admission-create");

        AssertResults(review, ("hook-deadline", PolicyResultKind.Deny));
        Assert.Contains(
            "[hook-deadline] Job ingress-nginx/ingress-nginx-admission-create: Helm pre-install,pre-upgrade hook Job has no spec.activeDeadlineSeconds",
            review.Validating.Answer().Message);
        Assert.Contains("Fix: spec.activeDeadlineSeconds: 600", review.Validating.Answer().Message);
        Assert.Empty(review.Validating.Answer().Warnings);
    }

    [Fact]
    public void The_same_certificate_job_without_hook_annotations_passes()
    {
        var review = Review("ingress-nginx-static-cloud.yaml", "Job", "ingress-nginx-admission-create");

        AssertResults(review, ("hook-deadline", PolicyResultKind.Pass));
    }

    [Fact]
    public void Sentry_db_init_hook_with_a_600_second_deadline_passes()
    {
        var review = Review("sentry-kubernetes-sentry.yaml", "Job", "sentry-db-init");

        AssertResults(review, ("hook-deadline", PolicyResultKind.Pass));
    }

    [Fact]
    public void Argo_cd_sync_hook_job_without_deadline_is_denied()
    {
        var review = Review("argo-cd-e2e-hook-fixtures.yaml", "Job", "my-hook");

        AssertResults(review, ("hook-deadline", PolicyResultKind.Deny));
        Assert.Contains("Argo CD Sync hook Job has no spec.activeDeadlineSeconds", review.Validating.Answer().Message);
    }

    [Fact]
    public void Jupyterhub_pvc_from_helm_gets_the_keep_annotation_map_and_the_uninstall_advice()
    {
        var review = Review("jupyterhub-z2jh.yaml", "PersistentVolumeClaim", "hub-db-dir");

        AssertResults(review, ("keep-stateful", PolicyResultKind.Mutate));
        Assert.Equal(
            """[{"op":"add","path":"/metadata/annotations","value":{"helm.sh/resource-policy":"keep"}}]""",
            Encoding.UTF8.GetString(JsonPatchWriter.ToJson(review.Mutating.Patch)));
        Assert.Equal(
            ["[keep-stateful] PersistentVolumeClaim default/hub-db-dir: put helm.sh/resource-policy: keep in the chart, or helm uninstall still deletes it"],
            review.Mutating.Answer().Warnings);
    }

    [Fact]
    public void Flux_chart_crd_gets_keep_added_to_its_annotations_without_uninstall_advice()
    {
        var review = Review("fluxcd-community-flux2.yaml", "CustomResourceDefinition", "kustomizations.kustomize.toolkit.fluxcd.io");

        AssertResults(review, ("keep-stateful", PolicyResultKind.Mutate));
        Assert.Equal(
            """[{"op":"add","path":"/metadata/annotations/helm.sh~1resource-policy","value":"keep"}]""",
            Encoding.UTF8.GetString(JsonPatchWriter.ToJson(review.Mutating.Patch)));
        Assert.Empty(review.Mutating.Answer().Warnings);
    }

    [Fact]
    public void Harbor_registry_pvc_that_the_chart_keeps_needs_nothing()
    {
        var review = Review("goharbor-harbor.yaml", "PersistentVolumeClaim", "harbor-registry");

        AssertResults(review, ("keep-stateful", PolicyResultKind.Pass));
        Assert.Empty(review.Mutating.Patch);
        Assert.Empty(review.Mutating.Answer().Warnings);
    }

    [Fact]
    public void Prometheus_pvc_without_any_manager_mark_is_out_of_the_managed_scope()
    {
        var review = Review("prometheus-community-prometheus.yaml", "PersistentVolumeClaim", "prometheus-server");

        AssertResults(review, ("keep-stateful", PolicyResultKind.Pass));
        Assert.Empty(review.Mutating.Patch);
    }

    [Fact]
    public void Cert_manager_crds_that_keep_pass()
    {
        var review = Review("cert-manager-static.yaml", "CustomResourceDefinition", "certificates.cert-manager.io");

        AssertResults(review, ("keep-stateful", PolicyResultKind.Pass));
    }

    [Fact]
    public void Bitnami_redis_password_secret_applied_by_helm_is_denied_naming_keys_not_values()
    {
        var (obj, review) = ReviewWithObject("bitnami-redis.yaml", "Secret", "redis");

        AssertResults(review, ("no-plaintext-secrets", PolicyResultKind.Deny));
        Assert.Contains("[no-plaintext-secrets] Secret cache/redis: applied by Helm with plaintext values in data (keys redis-password)", review.Validating.Answer().Message);
        var text = DecisionText.All(review.Validating);
        var values = DecisionText.SecretValues(obj).ToList();
        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            DecisionText.AssertAbsent(text, value, "Secret cache/redis");
        }
    }

    [Fact]
    public void Kube_prometheus_grafana_secret_created_without_any_manager_mark_is_out_of_scope_for_the_webhook()
    {
        var review = Review("kube-prometheus-manifests.yaml", "Secret", "grafana-config");

        AssertResults(review, ("no-plaintext-secrets", PolicyResultKind.Pass));
    }

    [Fact]
    public void Sentry_user_create_hook_passes_its_deadline_but_is_denied_for_a_literal_admin_password()
    {
        var review = Review("sentry-kubernetes-sentry.yaml", "Job", "sentry-user-create");

        AssertResults(review, ("hook-deadline", PolicyResultKind.Pass), ("no-plaintext-secrets", PolicyResultKind.Deny));
        Assert.Contains("env var ADMIN_PASSWORD of container user-create-job has a literal value", review.Validating.Answer().Message);
        Assert.DoesNotContain("aaaa", DecisionText.All(review.Validating), StringComparison.Ordinal);
    }

    private static IReadOnlyList<ManifestDocument> Read(string file) =>
        Documents.GetOrAdd(file, f => ManifestReader.Read(File.ReadAllText(Path.Combine(CorpusPath.Directory, f)), f));

    private static (AdmissionDecision Validating, AdmissionDecision Mutating) Review(string file, string kind, string name) =>
        ReviewWithObject(file, kind, name).Review;

    private static (JsonObject Object, (AdmissionDecision Validating, AdmissionDecision Mutating) Review) ReviewWithObject(string file, string kind, string name)
    {
        var obj = Read(file)
            .Select(d => d.Content as JsonObject)
            .Single(o => o is not null && (string?)o["kind"] == kind && (string?)o["metadata"]?["name"] == name)!;
        return (obj, (Engine.Evaluate(Request(obj), PolicyType.Validating), Engine.Evaluate(Request(obj), PolicyType.Mutating)));
    }

    /// <summary>
    /// The named policies have exactly these results, and no other policy reported anything. Policies
    /// not named may pass: which ones run on a kind is the policy files' business.
    /// </summary>
    private static void AssertResults((AdmissionDecision Validating, AdmissionDecision Mutating) review, params (string PolicyId, PolicyResultKind Result)[] expected)
    {
        var actual = review.Validating.Results.Concat(review.Mutating.Results).ToDictionary(r => r.PolicyId, r => r.Result);
        foreach (var (policyId, result) in expected)
        {
            Assert.True(actual.TryGetValue(policyId, out var got), $"{policyId} did not run");
            Assert.Equal(result, got);
        }

        foreach (var (policyId, result) in actual)
        {
            if (!expected.Any(e => e.PolicyId == policyId))
            {
                Assert.True(result == PolicyResultKind.Pass, $"{policyId} reported {result}");
            }
        }
    }

    private static AdmissionRequest Request(JsonObject obj)
    {
        var kind = GroupVersionKind.FromApiVersion((string)obj["apiVersion"]!, (string)obj["kind"]!);
        var ns = (string?)obj["metadata"]?["namespace"] ?? (ClusterScoped.Contains(kind.Kind) ? string.Empty : "default");
        return TestRequest.For(obj, ns, uid: "corpus");
    }
}

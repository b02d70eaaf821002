using static AdmissionGuard.Core.Engine.PolicyResultKind;
using static AdmissionGuard.Core.Tests.Corpus.CorpusCheck;

namespace AdmissionGuard.Core.Tests.Corpus;

/// <summary>
/// An object of the corpus, found by file, kind and name; the results its policies must give
/// (every policy not named must pass) and what else its review must show.
/// </summary>
internal sealed record NamedObject(
    string Case, string File, string Kind, string Name, (string PolicyId, PolicyResultKind Result)[] Results, params CorpusCheck[] Checks)
{
    public override string ToString() => Case;
}

/// <summary>The named objects whose results are pinned exactly, for all four policies.</summary>
internal static class NamedObjects
{
    public static TheoryData<NamedObject> All => new()
    {
        // config-checksum
        new("Argo_cd_install_repo_server_without_checksum_is_denied_listing_each_config_map_and_where_it_is_read",
            "argo-cd-install.yaml", "Deployment", "argocd-repo-server", [("config-checksum", Deny)],
            DenialContains("[config-checksum] Deployment default/argocd-repo-server: the pod template reads ConfigMap argocd-cmd-params-cm (env GRPC_ENABLE_TXT_SERVICE_CONFIG in container argocd-repo-server;"),
            DenialContains("ConfigMap argocd-cm (env ARGOCD_RECONCILIATION_TIMEOUT in container argocd-repo-server"),
            DenialContains("ConfigMap argocd-ssh-known-hosts-cm (volume ssh-known-hosts)"),
            // A plain install manifest, not rendered by Helm: the fix is kustomize's generator or Reloader, never a chart snippet.
            DenialContains("(at spec.template.metadata.annotations). Fix: generate ConfigMap argocd-cmd-params-cm with kustomize's configMapGenerator"),
            DenialLacks("sha256sum"),
            DenialLacks("Secret argocd-redis"),
            DenialUnder4KB),
        new("Mastodon_apache_reading_its_vhost_config_map_is_denied",
            "bitnami-mastodon.yaml", "Deployment", "mastodon-apache", [("config-checksum", Deny)],
            DenialContains("ConfigMap mastodon-apache-mastodon-vhost (volume vhosts)")),
        new("Prometheus_server_reading_its_config_map_volume_is_denied",
            "prometheus-community-prometheus.yaml", "Deployment", "prometheus-server", [("config-checksum", Deny)],
            DenialContains("ConfigMap prometheus-server (volume config-volume)")),
        new("Argo_cd_chart_repo_server_with_checksums_passes",
            "argo-helm-argo-cd.yaml", "Deployment", "argocd-repo-server", [("config-checksum", Pass)],
            Allowed),
        new("Kube_prometheus_grafana_with_md5_checksums_passes",
            "kube-prometheus-manifests.yaml", "Deployment", "grafana", [("config-checksum", Pass)]),

        // hook-deadline
        new("Sentry_db_init_hook_with_a_600_second_deadline_passes",
            "sentry-kubernetes-sentry.yaml", "Job", "sentry-db-init", [("hook-deadline", Pass)]),
        new("Ingress_nginx_certificate_hook_without_deadline_is_denied_naming_its_phases",
            "ingress-nginx-chart.yaml", "Job", "ingress-nginx-admission-create", [("hook-deadline", Deny)],
            DenialContains("[hook-deadline] Job ingress-nginx/ingress-nginx-admission-create: Helm pre-install,pre-upgrade hook Job has no spec.activeDeadlineSeconds"),
            DenialContains("Fix: spec.activeDeadlineSeconds: 600"),
            NoValidatingWarning),
        new("The_same_certificate_job_without_hook_annotations_passes",
            "ingress-nginx-static-cloud.yaml", "Job", "ingress-nginx-admission-create", [("hook-deadline", Pass)]),
        new("Argo_cd_sync_hook_job_without_deadline_is_denied",
            "argo-cd-e2e-hook-fixtures.yaml", "Job", "my-hook", [("hook-deadline", Deny)],
            DenialContains("Argo CD Sync hook Job has no spec.activeDeadlineSeconds")),

        // keep-stateful
        new("Flux_chart_crd_gets_keep_added_to_its_annotations_without_uninstall_advice",
            "fluxcd-community-flux2.yaml", "CustomResourceDefinition", "kustomizations.kustomize.toolkit.fluxcd.io", [("keep-stateful", Mutate)],
            Patch("""[{"op":"add","path":"/metadata/annotations/helm.sh~1resource-policy","value":"keep"}]"""),
            NoMutationWarning),
        new("Prometheus_pvc_without_any_manager_mark_is_out_of_the_managed_scope",
            "prometheus-community-prometheus.yaml", "PersistentVolumeClaim", "prometheus-server", [("keep-stateful", Pass)],
            NoPatch),
        new("Harbor_registry_pvc_that_the_chart_keeps_needs_nothing",
            "goharbor-harbor.yaml", "PersistentVolumeClaim", "harbor-registry", [("keep-stateful", Pass)],
            NoPatch,
            NoMutationWarning),
        new("Jupyterhub_pvc_from_helm_gets_the_keep_annotation_map_and_the_uninstall_advice",
            "jupyterhub-z2jh.yaml", "PersistentVolumeClaim", "hub-db-dir", [("keep-stateful", Mutate)],
            Patch("""[{"op":"add","path":"/metadata/annotations","value":{"helm.sh/resource-policy":"keep"}}]"""),
            MutationWarnings("[keep-stateful] PersistentVolumeClaim default/hub-db-dir: put helm.sh/resource-policy: keep in the chart, or helm uninstall still deletes it")),
        new("Cert_manager_crds_that_keep_pass",
            "cert-manager-static.yaml", "CustomResourceDefinition", "certificates.cert-manager.io", [("keep-stateful", Pass)]),

        // no-plaintext-secrets
        new("Kube_prometheus_grafana_secret_created_without_any_manager_mark_is_out_of_scope_for_the_webhook",
            "kube-prometheus-manifests.yaml", "Secret", "grafana-config", [("no-plaintext-secrets", Pass)]),
        new("Sentry_user_create_hook_passes_its_deadline_but_is_denied_for_a_literal_admin_password",
            "sentry-kubernetes-sentry.yaml", "Job", "sentry-user-create", [("hook-deadline", Pass), ("no-plaintext-secrets", Deny)],
            DenialContains("env var ADMIN_PASSWORD of container user-create-job has a literal value"),
            DecisionLacks("aaaa")),
        new("Bitnami_redis_password_secret_applied_by_helm_is_denied_naming_keys_not_values",
            "bitnami-redis.yaml", "Secret", "redis", [("no-plaintext-secrets", Deny)],
            DenialContains("[no-plaintext-secrets] Secret cache/redis: applied by Helm with plaintext values in data (keys redis-password)"),
            NoSecretValueShown("Secret cache/redis")),
    };
}

namespace AdmissionGuard.Cluster.Tests.Admission;

/// <summary>
/// The chart's namespaceSelector and matchConditions, evaluated by the real API server, spare the
/// webhook what they should: each write below would be denied if it reached the webhook (a private
/// key in a ConfigMap, a plaintext Secret), and the webhook's request counter must not move.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WhatTheWebhookSeesTests
{
    private const string Apps = "seen-apps";

    private readonly KubeControlPlane cluster;
    private readonly WebhookServer webhook;

    public WhatTheWebhookSeesTests(KubeControlPlane cluster)
    {
        this.cluster = cluster;
        webhook = cluster.RegisteredWebhookAsync().GetAwaiter().GetResult();
        cluster.Once(nameof(WhatTheWebhookSeesTests), () =>
        {
            cluster.CreateNamespace(Apps);
            cluster.CreateNamespace("seen-ignored", ("admission-guard.io/ignore", "true"));

            // The users below may write anything: RBAC runs before admission.
            Assert.True(cluster.Apply(ClusterObjects.ClusterRoleBinding("control-plane-users", "cluster-admin",
                ClusterObjects.User("system:kube-controller-manager"),
                ClusterObjects.User("system:serviceaccount:kube-system:generic-garbage-collector"),
                ClusterObjects.User("system:serviceaccount:ci:deployer"))).Succeeded);
        });
    }

    [Fact]
    public async Task A_write_in_an_application_namespace_reaches_the_webhook_and_is_denied()
    {
        var before = await webhook.RequestCountAsync("endpoint=\"validate\"");

        var result = cluster.Apply(ClusterObjects.ConfigMapWithPrivateKey("key", Apps));

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains("[no-plaintext-secrets]", result.Stderr);
        Assert.Equal(before + 1, await webhook.RequestCountAsync("endpoint=\"validate\""));
    }

    [Theory]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    [InlineData("kube-node-lease")]
    [InlineData(ChartWebhooks.Namespace)]
    [InlineData("seen-ignored")]
    public async Task Skipped_namespaces_never_reach_the_webhook(string ns)
    {
        if (ns != "seen-ignored")
        {
            cluster.CreateNamespace(ns);
        }

        await AssertStoredUnseenAsync(ClusterObjects.ConfigMapWithPrivateKey("key-" + ns, ns));
    }

    [Theory]
    [InlineData("system:kube-controller-manager", false)]
    [InlineData("system:serviceaccount:kube-system:generic-garbage-collector", false)]
    [InlineData("system:serviceaccount:ci:deployer", true)]
    public async Task Control_plane_controllers_are_not_sent_to_the_webhook(string user, bool reviewed)
    {
        var before = await webhook.RequestCountAsync();

        var result = cluster.Apply(ClusterObjects.ConfigMapWithPrivateKey("as-" + user.Replace(':', '-'), Apps), "--as", user);

        Assert.Equal(reviewed, !result.Succeeded);
        Assert.Equal(reviewed ? before + 1 : before, await webhook.RequestCountAsync());
    }

    [Fact]
    public async Task Helm_release_records_and_jobs_of_a_cron_job_are_not_sent_to_the_webhook()
    {
        await AssertStoredUnseenAsync($"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: sh.helm.release.v1.shop.v1
              namespace: {Apps}
            type: helm.sh/release.v1
            stringData:
              release: H4sIAAAAAAAC/6pWKkktLlGyUlAqS8wpTVWqBQQAAP//AQAA//8=

            """);
        await AssertStoredUnseenAsync($"""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: nightly-29000000
              namespace: {Apps}
              ownerReferences:
              - apiVersion: batch/v1
                kind: CronJob
                name: nightly
                uid: 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
                controller: true
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: run
                    image: busybox
                    env:
                    - name: DB_PASSWORD
                      value: hunter2-but-longer

            """);
    }

    [Fact]
    public async Task Kinds_outside_the_rules_are_not_sent_to_the_webhook()
    {
        await AssertStoredUnseenAsync($"""
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: {Apps}
            spec:
              ports:
              - port: 80

            """);
    }

    /// <summary>Applies <paramref name="yaml"/>, which must be stored without the webhook being called.</summary>
    private async Task AssertStoredUnseenAsync(string yaml)
    {
        var before = await webhook.RequestCountAsync();

        var result = cluster.Apply(yaml);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(before, await webhook.RequestCountAsync());
    }
}

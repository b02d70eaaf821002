namespace AdmissionGuard.Cluster.Tests.Admission;

/// <summary>
/// A policy's excluded users, set through the chart's values: the webhook runs with the policy
/// files the chart renders for them and is registered with the same values; a write by an
/// excluded user reaches the webhook and is allowed, the same write by anyone else is denied.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ExcludedUserTests(KubeControlPlane cluster)
{
    private const string Ns = "excluded-users";

    [Fact]
    public async Task A_write_by_an_excluded_user_is_reviewed_and_allowed_and_by_another_denied()
    {
        string[] values = ["--set", "policies.noPlaintextSecrets.exclude.users={ci-bot@example.com}"];
        var policies = ChartWebhooks.RenderPolicies(cluster, Path.Combine(cluster.WorkDirectory, "excluded-user-policies"), values);
        await using var webhook = await WebhookServer.StartAsync(cluster, "--policies", policies);
        await ChartWebhooks.RegisterAsync(cluster, webhook, values);
        try
        {
            cluster.CreateNamespace(Ns);
            Assert.True(cluster.Apply(ClusterObjects.ClusterRoleBinding("excluded-user-test", "cluster-admin",
                ClusterObjects.User("ci-bot@example.com"), ClusterObjects.User("jane@example.com"))).Succeeded);

            var before = await webhook.RequestCountAsync();
            var excluded = cluster.Apply(ClusterObjects.ConfigMapWithPrivateKey("by-ci-bot", Ns), "--as", "ci-bot@example.com");
            var other = cluster.Apply(ClusterObjects.ConfigMapWithPrivateKey("by-jane", Ns), "--as", "jane@example.com");

            Assert.True(excluded.Succeeded, excluded.ToString());
            Assert.False(other.Succeeded, other.ToString());
            Assert.Contains("[no-plaintext-secrets]", other.Stderr);
            Assert.Equal(before + 2, await webhook.RequestCountAsync());
        }
        finally
        {
            await ChartWebhooks.UnregisterAsync(cluster, webhook);
        }
    }
}

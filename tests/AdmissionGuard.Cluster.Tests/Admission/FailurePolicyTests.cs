namespace AdmissionGuard.Cluster.Tests.Admission;

/// <summary>
/// The chart's failurePolicy as the real API server applies it while the webhook is down: the
/// validating webhook fails closed (Fail), the mutating one open (Ignore); both work again once
/// the webhook is back.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailurePolicyTests(KubeControlPlane cluster)
{
    private const string Ns = "webhook-down";

    [Fact]
    public async Task Validating_fails_closed_and_mutating_open_while_the_webhook_is_down_and_both_work_after_a_restart()
    {
        var webhook = await cluster.RegisteredWebhookAsync();
        cluster.CreateNamespace(Ns);
        const string helmMarks = "  labels:\n    app.kubernetes.io/managed-by: Helm\n";

        await webhook.StopAsync();
        try
        {
            var validated = cluster.Apply(ClusterObjects.ConfigMap("while-down", Ns));
            Assert.False(validated.Succeeded, "a clean ConfigMap was stored while the validating webhook was down");
            Assert.Contains("failed calling webhook \"validate.admission-guard.io\"", validated.Stderr);

            var mutated = cluster.Apply(ClusterObjects.Claim("while-down", Ns, helmMarks), "--field-manager", "helm");
            Assert.True(mutated.Succeeded, mutated.ToString());
            Assert.False(ClusterObjects.Annotations(cluster, "pvc", "while-down", Ns).ContainsKey("helm.sh/resource-policy"));
        }
        finally
        {
            await webhook.StartAsync();
        }

        // The API server connects again on its next call (within a few tries, should it still hold a dead connection).
        var after = cluster.Apply(ClusterObjects.ConfigMap("after-restart", Ns));
        for (var attempt = 1; !after.Succeeded && attempt < 10; attempt++)
        {
            await Task.Delay(500);
            after = cluster.Apply(ClusterObjects.ConfigMap("after-restart", Ns));
        }

        Assert.True(after.Succeeded, after.ToString());
        var marked = cluster.Apply(ClusterObjects.Claim("after-restart", Ns, helmMarks), "--field-manager", "helm");
        Assert.True(marked.Succeeded, marked.ToString());
        Assert.Equal("keep", ClusterObjects.Annotations(cluster, "pvc", "after-restart", Ns)["helm.sh/resource-policy"]);
    }
}

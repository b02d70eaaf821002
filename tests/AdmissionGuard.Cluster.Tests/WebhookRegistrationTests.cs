using AdmissionGuard.Cluster.Tests.Admission;

namespace AdmissionGuard.Cluster.Tests;

/// <summary>The chart's webhook configurations, rendered with webhook.url, registered on the real API server and called.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookRegistrationTests(KubeControlPlane cluster)
{
    [Fact]
    public async Task The_api_server_calls_the_webhook_the_chart_registered_by_url()
    {
        await cluster.RegisteredWebhookAsync();
        cluster.CreateNamespace("registration");
        var denied = cluster.Apply(ClusterObjects.HookJob("no-deadline", "registration"));
        Assert.False(denied.Succeeded, denied.ToString());
        Assert.Contains("admission webhook \"jobs.validate.admission-guard.io\" denied the request", denied.Stderr);
        Assert.Contains("hook-deadline", denied.Stderr);

        var allowed = cluster.Apply(ClusterObjects.HookJob("with-deadline", "registration", "  activeDeadlineSeconds: 300\n"));
        Assert.True(allowed.Succeeded, allowed.ToString());
    }
}

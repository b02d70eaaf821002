using AdmissionGuard.Cluster.Tests.ControlPlane;

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
        var denied = cluster.Apply(Hook("no-deadline", ""), "-n", "registration");
        Assert.False(denied.Succeeded, denied.ToString());
        Assert.Contains("admission webhook \"jobs.validate.admission-guard.io\" denied the request", denied.Stderr);
        Assert.Contains("hook-deadline", denied.Stderr);

        var allowed = cluster.Apply(Hook("with-deadline", "  activeDeadlineSeconds: 300\n"), "-n", "registration");
        Assert.True(allowed.Succeeded, allowed.ToString());
    }

    private static string Hook(string name, string deadline) => $"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {name}
          annotations:
            helm.sh/hook: pre-upgrade
        spec:
        {deadline}  template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: busybox
                  command: ["true"]

        """;
}

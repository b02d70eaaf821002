using System.Net;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Cluster.Tests.Native;

/// <summary>
/// The chart's configuration with native policies on and the validating webhook failing open
/// (docs/native-policies.md), its webhooks registered by <c>webhook.url</c>: while the webhook runs
/// it judges; once its process is stopped, the API server itself still denies a hook Job without a
/// deadline, admits a good one, and marks a new PersistentVolumeClaim for its applier.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class OutageTests(KubeControlPlane cluster)
{
    private static readonly string[] AdmissionKinds =
        ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"];

    [Fact]
    public async Task With_the_webhook_stopped_the_api_server_still_denies_admits_and_marks()
    {
        using var api = KubeApi.Of(cluster);
        await using var webhook = await WebhookServer.StartAsync(cluster);
        var objects = new List<JsonObject>();
        try
        {
            // The native policies first, until the API server enforces them, then the webhooks.
            var chart = ChartObjects(webhook).ToList();
            foreach (var batch in new[] { chart.Where(o => o["webhooks"] is null), chart.Where(o => o["webhooks"] is not null) })
            {
                foreach (var obj in batch)
                {
                    var created = await api.CreateAsync(obj);
                    Assert.True(created.Created, $"{obj["kind"]}: {created.Status} {created.Message}");
                    objects.Add(obj);
                }

                await NativeSide.UntilAsync(api, probeDenied: true);
            }

            // The webhook judges while it runs: a good hook Job passes the native policy and reaches it.
            var good = (JsonObject)NativeSide.ProbeJob.DeepClone();
            good["spec"]!["activeDeadlineSeconds"] = 600;
            var before = await webhook.RequestCountAsync("endpoint=\"validate\"");
            Assert.True((await api.CreateAsync(good, dryRun: true)).Created);
            Assert.True(await webhook.RequestCountAsync("endpoint=\"validate\"") > before);

            await webhook.StopAsync();

            var denied = await api.CreateAsync(NativeSide.ProbeJob, dryRun: true);
            Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
            Assert.Contains("ValidatingAdmissionPolicy 'admission-guard-hook-deadline'", denied.Message, StringComparison.Ordinal);
            Assert.Contains("[hook-deadline] Job default/agreement-probe", denied.Message, StringComparison.Ordinal);
            Assert.Contains("spec.activeDeadlineSeconds: 600", denied.Message, StringComparison.Ordinal);

            var admitted = await api.CreateAsync(good, dryRun: true);
            Assert.True(admitted.Created, $"{admitted.Status} {admitted.Message}");

            var claim = (JsonObject)NativeSide.ProbeClaim.DeepClone();
            claim["metadata"]!["name"] = "outage-claim";
            var stored = await api.CreateAsync(claim, fieldManager: "argocd-controller");
            Assert.True(stored.Created, $"{stored.Status} {stored.Message}");
            Assert.Equal("Prune=false,Delete=false", (string?)stored.Object!["metadata"]!["annotations"]!["argocd.argoproj.io/sync-options"]);
            await api.DeleteAsync(claim);
        }
        finally
        {
            foreach (var obj in objects)
            {
                await api.DeleteAsync(obj);
            }

            await NativeSide.UntilAsync(api, probeDenied: false);
        }
    }

    /// <summary>The chart rendered with native policies on and the validating webhook failing open, its webhooks at the process.</summary>
    private IEnumerable<JsonObject> ChartObjects(WebhookServer webhook)
    {
        var rendered = ChartWebhooks.Template(cluster, webhook,
        [
            "--set", "nativePolicies.enabled=true", "--set", "webhook.validating.failurePolicy=Ignore",
            "--api-versions", "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy",
            "--api-versions", "admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicy",
        ]);
        return ManifestReader.Read(rendered, "chart.yaml")
            .Select(d => d.Content as JsonObject)
            .OfType<JsonObject>()
            .Where(o => AdmissionKinds.Contains((string?)o["kind"]));
    }
}

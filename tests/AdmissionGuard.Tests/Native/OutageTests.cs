using System.Net;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Testing;
using TestPaths = AdmissionGuard.Tests.Cli.TestPaths;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Native;

/// <summary>
/// The chart's configuration with native policies on and the validating webhook failing open
/// (docs/native-policies.md): while the webhook runs it judges; once its process is stopped, the
/// API server itself still denies a hook Job without a deadline, admits a good one, and marks a
/// new PersistentVolumeClaim for its applier.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OutageTests(ControlPlaneFixture fixture)
{
    private static readonly string[] AdmissionKinds =
        ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"];

    [Fact]
    public async Task With_the_webhook_stopped_the_api_server_still_denies_admits_and_marks()
    {
        var api = fixture.Plane.Api;
        using var directory = new TempDirectory();
        var serve = ServeProcess.Start(
            "serve", "--address", "127.0.0.1", "--port", "0", "--health-port", "0",
            "--generated-cert-dir", directory.Path, "--shutdown-delay", "0s");
        var objects = new List<JsonObject>();
        try
        {
            var listening = await serve.WaitForLineAsync(line => (int?)line["EventId"] == 30);
            var address = (string)listening["State"]!["Admission"]!;
            var caBundle = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(directory.Path, "ca.crt")));
            // The native policies first, until the API server enforces them, then the webhooks.
            var chart = ChartObjects(address, caBundle).ToList();
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

            var good = (JsonObject)NativeSide.ProbeJob.DeepClone();
            good["spec"]!["activeDeadlineSeconds"] = 600;

            // The webhook judges while it runs: a good hook Job passes the native policy and reaches it.
            Assert.True((await api.CreateAsync(good, dryRun: true)).Created);
            await serve.WaitForLineAsync(line => (int?)line["EventId"] == 1 && ((string?)line["State"]?["Kind"])?.EndsWith("Job", StringComparison.Ordinal) == true);

            Assert.Equal(0, await serve.TerminateAsync());

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
            serve.Dispose();
            foreach (var obj in objects)
            {
                await api.DeleteAsync(obj);
            }

            await NativeSide.UntilAsync(api, probeDenied: false);
        }
    }

    /// <summary>
    /// The chart rendered with native policies on and the validating webhook failing open; its
    /// webhooks pointed at the process by URL (the chart registers a Service, which has no endpoints here).
    /// </summary>
    private static IEnumerable<JsonObject> ChartObjects(string address, string caBundle)
    {
        var render = ChildProcess.Run(TestPaths.Helm3,
        [
            "template", "admission-guard", Path.Combine(TestPaths.RepositoryRoot, "charts", "admission-guard"), "--namespace", "admission-guard",
            "--set", "nativePolicies.enabled=true", "--set", "webhook.validating.failurePolicy=Ignore",
            "--api-versions", "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy",
            "--api-versions", "admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicy",
        ]);
        Assert.True(render.ExitCode == 0, render.Stderr);
        foreach (var document in ManifestReader.Read(render.Stdout, "chart.yaml"))
        {
            if (document.Content is not JsonObject obj || !AdmissionKinds.Contains((string?)obj["kind"]))
            {
                continue;
            }

            if (obj["webhooks"] is JsonArray webhooks)
            {
                ((JsonObject)obj["metadata"]!).Remove("annotations");
                foreach (var webhook in webhooks.OfType<JsonObject>())
                {
                    var path = (string)obj["kind"]! == "MutatingWebhookConfiguration" ? "/mutate" : "/validate";
                    webhook["clientConfig"] = new JsonObject { ["url"] = $"https://{address}{path}", ["caBundle"] = caBundle };
                }
            }

            yield return obj;
        }
    }
}

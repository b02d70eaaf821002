namespace AdmissionGuard.Cluster.Tests.Native;

/// <summary>A policy under <c>warn</c>: the native binding's <c>Warn</c> admits with a warning naming the policy, as the webhook does.</summary>
[Collection(NativeCollection.Name)]
public sealed class WarnActionTests(KubeControlPlane cluster)
{
    [Fact]
    public async Task Warn_admits_with_a_warning_natively_and_at_the_webhook()
    {
        using var api = KubeApi.Of(cluster);
        var (directory, objects) = NativeSide.CompileHookDeadline("admission-guard-warn-", NativeSide.HookDeadlinePolicy("warn"));
        try
        {
            foreach (var obj in objects)
            {
                Assert.True((await api.CreateAsync(obj)).Created);
            }

            var native = await UntilWarnedAsync(api);
            foreach (var obj in objects)
            {
                await api.DeleteAsync(obj);
            }

            await using var server = await WebhookServer.StartAsync(cluster, "--policies", directory);
            var registrations = await NativeSide.RegisterWebhookAsync(api, server.Url, cluster.Pki.CaPem);
            var webhook = await UntilWarnedAsync(api, webhook: true);
            foreach (var registration in registrations)
            {
                await api.DeleteAsync(registration);
            }

            Assert.Contains(native.Warnings, w => w.Contains("[hook-deadline] Job default/agreement-probe", StringComparison.Ordinal));
            Assert.Contains(webhook.Warnings, w => w.Contains("hook-deadline", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Sends the probe Job until it is admitted with a warning from the side just installed (the other one is gone).</summary>
    private static async Task<ApiAnswer> UntilWarnedAsync(KubeApi api, bool webhook = false)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var answer = await api.CreateAsync(NativeSide.ProbeJob, dryRun: true);
            Assert.True(answer.Created, $"{answer.Status} {answer.Message}");
            var fromNative = answer.Warnings.Any(w => w.Contains("ValidatingAdmissionPolicy", StringComparison.Ordinal));
            if (answer.Warnings.Any(w => w.Contains("hook-deadline", StringComparison.Ordinal)) && fromNative != webhook)
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no warning from the {(webhook ? "webhook" : "native policy")}: {string.Join(" | ", answer.Warnings)}");
            await Task.Delay(250);
        }
    }
}

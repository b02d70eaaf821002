using System.Text.Json.Nodes;
using AdmissionGuard.Tests.Scan;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// <c>serve --watch-exceptions</c> against the stand-in API server, for what the real one cannot be
/// made to do on demand: the list of PolicyExceptions starts failing after the server has its set.
/// The last known set stays in force, and the metrics and <c>/readyz</c> say the watch fails.
/// </summary>
public sealed class ExceptionWatchTests
{
    private static JsonObject Exception(DateTimeOffset expiresAt) => new()
    {
        ["apiVersion"] = "admission-guard.io/v1alpha1",
        ["kind"] = "PolicyException",
        ["metadata"] = new JsonObject { ["name"] = "legacy-migrate", ["namespace"] = "shop" },
        ["spec"] = new JsonObject
        {
            ["policies"] = new JsonArray("hook-deadline"),
            ["match"] = new JsonObject { ["kinds"] = new JsonArray("Job"), ["names"] = new JsonArray("migrate*") },
            ["reason"] = "vendor chart, fixed in its 2.0",
            ["expiresAt"] = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    private static string HookJobReview() => Reviews.Review(
        Guid.NewGuid().ToString(), Reviews.V1, "CREATE", dryRun: false,
        new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject
            {
                ["name"] = "migrate-1",
                ["namespace"] = "shop",
                ["annotations"] = new JsonObject { ["helm.sh/hook"] = "pre-upgrade" },
            },
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = "migrate", ["image"] = "busybox" }),
                    },
                },
            },
        });

    [Fact]
    public async Task When_the_watch_fails_the_last_known_set_stays_in_force_and_readiness_and_metrics_say_so()
    {
        await using var api = await StandInApiServer.StartAsync();
        api.AddKind("admission-guard.io/v1alpha1", "PolicyException", "policyexceptions", namespaced: true);
        api.Add(Exception(DateTimeOffset.UtcNow.AddDays(3)));
        using var scan = new ScanProcess(api);
        await using var server = await RunningServer.StartAsync(o => o with { WatchExceptions = true, Kubeconfig = scan.Kubeconfig });

        await Eventually.GetAsync(() => server.MetricAsync("admission_guard_exceptions_in_force{policy=\"hook-deadline\"}"), v => v == 1, "the exception is listed");
        Assert.Equal(1, await server.MetricAsync("admission_guard_exceptions_expiring_soon{policy=\"hook-deadline\"}"));
        var honoured = Reviews.Response(await server.ReviewAsync("/validate", HookJobReview()));
        Assert.True(honoured["allowed"]!.GetValue<bool>(), honoured.ToJsonString());
        Assert.StartsWith("[hook-deadline] Job shop/migrate-1 excepted by PolicyException shop/legacy-migrate until ", honoured["warnings"]![0]!.GetValue<string>());

        // The API server now refuses the list, and the exception is gone from it: the server cannot know.
        api.Forbidden.Add("policyexceptions.admission-guard.io");
        api.Remove("admission-guard.io/v1alpha1", "policyexceptions", "shop", "legacy-migrate");
        api.EndWatches();

        await Eventually.GetAsync(() => server.MetricAsync("admission_guard_exception_watch_failing"), v => v == 1, "the watch reports its failure");
        var ready = await server.Health.GetAsync("/readyz");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.IsSuccessStatusCode, body);
        Assert.Contains("\"status\":\"ready\"", body);
        Assert.Contains("\"exceptions\":\"watch failing (forbidden: the service account needs list and watch on policyexceptions.admission-guard.io); the last known set of 1 exceptions stays in force, last synced ", body);
        Assert.True(await server.MetricAsync("admission_guard_exception_watch_errors_total") >= 1);

        var stillHonoured = Reviews.Response(await server.ReviewAsync("/validate", HookJobReview()));
        Assert.True(stillHonoured["allowed"]!.GetValue<bool>(), stillHonoured.ToJsonString());
        Assert.Equal(1, await server.MetricAsync("admission_guard_exceptions_in_force{policy=\"hook-deadline\"}"));

        // Allowed again: the list succeeds, the set is replaced by what the API server holds now (nothing).
        api.Forbidden.Remove("policyexceptions.admission-guard.io");
        await Eventually.GetAsync(() => server.MetricAsync("admission_guard_exception_watch_failing"), v => v == 0, "the watch recovers");
        var denied = Reviews.Response(await server.ReviewAsync("/validate", HookJobReview()));
        Assert.False(denied["allowed"]!.GetValue<bool>(), denied.ToJsonString());
        Assert.DoesNotContain("exceptions", await server.Health.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Without_the_crd_nothing_is_excepted_and_readiness_says_why()
    {
        await using var api = await StandInApiServer.StartAsync();
        using var scan = new ScanProcess(api);
        await using var server = await RunningServer.StartAsync(o => o with { WatchExceptions = true, Kubeconfig = scan.Kubeconfig });

        await Eventually.GetAsync(() => server.MetricAsync("admission_guard_exception_watch_failing"), v => v == 1, "the missing CRD is reported");

        Assert.Contains("the PolicyException CRD (policyexceptions.admission-guard.io) is not installed", await server.Health.GetStringAsync("/readyz"));
        Assert.False(Reviews.Response(await server.ReviewAsync("/validate", HookJobReview()))["allowed"]!.GetValue<bool>());
    }
}

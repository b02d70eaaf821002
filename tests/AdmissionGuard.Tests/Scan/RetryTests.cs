using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Scan;

/// <summary>
/// What the API server asks to be retried, the scan retries with a bounded backoff: 429 with
/// Retry-After, a 500 in the middle of a list, a 409 Conflict on an apply; and it gives up after
/// five attempts. The stand-in answers these on demand (a real API server does only by chance; the
/// 429 right after a CRD is created is reproduced against it in the cluster tests).
/// </summary>
public sealed class RetryTests
{
    [Fact]
    public async Task A_429_with_retry_after_and_a_500_mid_list_are_retried_and_the_list_completes()
    {
        await using var server = await StandInApiServer.StartAsync();
        for (var i = 0; i < 12; i++)
        {
            server.Add(ClusterObjects.ConfigMap("shop", $"config-{i:D2}"));
        }

        server.PageSizeCap = 5;
        server.Failures.Enqueue(("GET /api/v1/configmaps?limit=500&continue=", 500, "InternalError", null));
        server.Failures.Enqueue(("GET /api/v1/configmaps?limit=500&continue=", 429, "TooManyRequests", 1));
        using var scan = new ScanProcess(server);

        var result = scan.Run("--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(12, JsonNode.Parse(result.Stdout)!["summary"]!["objects"]!.GetValue<int>());
        Assert.Empty(server.Failures);
    }

    [Fact]
    public async Task A_conflict_on_an_apply_is_retried()
    {
        await using var server = await StandInApiServer.StartAsync(ClusterObjects.Deployment("shop", "web", "helm"), ClusterObjects.ConfigMap("shop", "web-config"));
        server.Failures.Enqueue(("PATCH /apis/openreports.io/v1alpha1/namespaces/shop/reports/admission-guard", 409, "Conflict", null));
        using var scan = new ScanProcess(server);

        var result = scan.Run("--apply", "--output", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(server.Failures);
        Assert.Contains(server.Applies, a => a.Path.StartsWith("/apis/openreports.io/v1alpha1/namespaces/shop/reports/admission-guard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_that_keeps_failing_fails_the_run_after_five_attempts()
    {
        await using var server = await StandInApiServer.StartAsync(ClusterObjects.ConfigMap("shop", "web-config"));
        for (var i = 0; i < 5; i++)
        {
            server.Failures.Enqueue(("GET /api/v1/configmaps", 503, "ServiceUnavailable", null));
        }

        using var scan = new ScanProcess(server);

        var result = scan.Run("--output", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("503", result.Stderr);
        Assert.Equal(5, server.Requests.Count(r => r.StartsWith("GET /api/v1/configmaps", StringComparison.Ordinal)));
    }
}

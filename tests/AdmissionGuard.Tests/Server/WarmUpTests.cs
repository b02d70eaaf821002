using System.Net;
using System.Text;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Server.WarmUp;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// The admission path is warmed up before <c>/readyz</c> turns 200, through the engine and
/// through the HTTPS listener, and the warm-up's reviews leave no decision line and no count.
/// </summary>
public sealed class WarmUpTests
{
    private static readonly string[] RequestMetrics =
    [
        "admission_guard_requests_total{",
        "admission_guard_policy_results_total{",
        "admission_guard_request_duration_seconds_count{",
        "admission_guard_http_errors_total{",
    ];

    [Fact]
    public async Task Readiness_comes_after_the_warm_up_which_reviews_over_https_without_a_trace_in_logs_or_metrics()
    {
        // The built-in policies: every one of them is warmed up.
        await using var server = await RunningServer.StartAsync();

        var warmed = Assert.Single(server.Logs.WithEventId(33));
        Assert.False(warmed.ReadyWhenLogged, "/readyz answered 200 before the warm-up ended");
        Assert.True((int)warmed.Fields["InProcess"]! >= 2, warmed.Message);
        Assert.Equal(4, (int)warmed.Fields["OverHttps"]!);
        Assert.Empty(server.Logs.WithEventId(34));
        using (var ready = await server.Health.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.Empty(server.Logs.WithEventId(1));
        Assert.Empty(server.Logs.WithEventId(2));
        var metrics = await server.Health.GetStringAsync("/metrics");
        Assert.DoesNotContain(metrics.Split('\n'), line => RequestMetrics.Any(m => line.StartsWith(m, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task After_readiness_a_review_carrying_the_warm_up_header_is_logged_and_counted_like_any_other()
    {
        await using var server = await RunningServer.StartAsync(policies: ConfigMapPolicies.Set());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate")
        {
            Content = new StringContent(Reviews.ConfigMap("after-ready", new System.Text.Json.Nodes.JsonObject()), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WarmUpMark.Header, new string('0', 64));

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(server.Logs.WithEventId(1));
        Assert.True(line.ReadyWhenLogged);
        Assert.Equal(1, await server.MetricAsync("admission_guard_request_duration_seconds_count{endpoint=\"validate\"}"));
    }

    [Fact]
    public void Readiness_waits_for_the_warm_up_and_says_so()
    {
        var readiness = new ReadinessState { PoliciesLoaded = true, CertificateLoaded = true };

        Assert.False(readiness.IsReady);
        Assert.Equal("warming up", readiness.Reason);
        readiness.WarmedUp = true;
        Assert.True(readiness.IsReady);
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Server;

/// <summary>Each answered review moves the metrics and writes one decision log line, without the object's content.</summary>
public sealed class MetricsAndLogTests() : ServerPerTest(policies: ConfigMapPolicies.Set())
{
    [Fact]
    public async Task Requests_policy_results_and_durations_are_counted_by_their_labels()
    {
        await Server.ReviewAsync("/validate", Reviews.ConfigMap("m1", new JsonObject { ["forbidden"] = "x" }));
        await Server.ReviewAsync("/validate", Reviews.ConfigMap("m1b", new JsonObject { ["forbidden"] = "y" }));
        await Server.ReviewAsync("/validate", Reviews.ConfigMap("m2", new JsonObject(), dryRun: true));
        await Server.ReviewAsync("/mutate", Reviews.ConfigMap("m3", new JsonObject()));
        var service = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = "web" } };
        await Server.ReviewAsync("/validate", Reviews.Review("m4", Reviews.V1, "CREATE", false, service));

        Assert.Equal(2, await Server.MetricAsync("admission_guard_requests_total{endpoint=\"validate\",operation=\"CREATE\",kind=\"ConfigMap\",decision=\"denied\",dry_run=\"false\"}"));
        Assert.Equal(1, await Server.MetricAsync("admission_guard_requests_total{endpoint=\"validate\",operation=\"CREATE\",kind=\"ConfigMap\",decision=\"allowed\",dry_run=\"true\"}"));
        Assert.Equal(1, await Server.MetricAsync("admission_guard_requests_total{endpoint=\"mutate\",operation=\"CREATE\",kind=\"ConfigMap\",decision=\"patched\",dry_run=\"false\"}"));
        Assert.Equal(1, await Server.MetricAsync("admission_guard_requests_total{endpoint=\"validate\",operation=\"CREATE\",kind=\"other\",decision=\"allowed\",dry_run=\"false\"}"));
        Assert.Equal(2, await Server.MetricAsync("admission_guard_policy_results_total{policy=\"forbidden-key\",result=\"deny\",action=\"enforce\"}"));
        Assert.Equal(1, await Server.MetricAsync("admission_guard_policy_results_total{policy=\"forbidden-key\",result=\"pass\",action=\"enforce\"}"));
        Assert.Equal(1, await Server.MetricAsync("admission_guard_policy_results_total{policy=\"reviewed-annotation\",result=\"mutate\",action=\"enforce\"}"));
        Assert.Equal(4, await Server.MetricAsync("admission_guard_request_duration_seconds_count{endpoint=\"validate\"}"));
        Assert.Equal(1, await Server.MetricAsync("admission_guard_request_duration_seconds_count{endpoint=\"mutate\"}"));
        Assert.True(await Server.MetricAsync("admission_guard_certificate_expiry_timestamp_seconds") > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Metrics_page_is_Prometheus_text_with_process_metrics()
    {
        using var response = await Server.Health.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE admission_guard_request_duration_seconds histogram", text);
        Assert.Contains("process_cpu_seconds_total", text);
    }

    [Fact]
    public async Task Writes_one_decision_line_with_the_request_identity_and_no_object_content()
    {
        const string SecretValue = "hunter2-do-not-log";
        var review = Reviews.ConfigMap("log-1", new JsonObject { ["forbidden"] = SecretValue, ["password"] = SecretValue });

        await Server.ReviewAsync("/validate", review);

        var line = Assert.Single(Server.Logs.WithEventId(1));
        Assert.Equal("validate", line.Fields["Endpoint"]);
        Assert.Equal("log-1", line.Fields["Uid"]);
        Assert.Equal("CREATE", line.Fields["Operation"]);
        Assert.Equal("v1/ConfigMap", line.Fields["Kind"]);
        Assert.Equal("shop", line.Fields["ObjectNamespace"]);
        Assert.Equal("settings", line.Fields["ObjectName"]);
        Assert.Equal("jane@example.com", line.Fields["User"]);
        Assert.Equal("kubectl", line.Fields["Manager"]);
        Assert.Equal("kubectl-client-side-apply", line.Fields["FieldManager"]);
        Assert.Equal(false, line.Fields["DryRun"]);
        Assert.Equal("denied", line.Fields["Decision"]);
        Assert.Equal(403, line.Fields["Code"]);
        Assert.Equal("forbidden-key=deny/enforce", line.Fields["Results"]);
        Assert.IsType<double>(line.Fields["LatencyMs"]);
        Assert.DoesNotContain(Server.Logs.Entries, e => e.Message.Contains(SecretValue, StringComparison.Ordinal)
            || e.Fields.Values.Any(v => v?.ToString()?.Contains(SecretValue, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task Readiness_and_liveness_answer_200_once_started()
    {
        using var ready = await Server.Health.GetAsync("/readyz");
        using var live = await Server.Health.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}

using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Cli;

namespace AdmissionGuard.Tests.Scan;

/// <summary><c>scan --output openreports</c> and <c>--apply</c>: the reports' content, the CRD schemas, the cap, the apply and stale results.</summary>
public sealed class OpenReportsTests
{
    [Fact]
    public async Task Every_report_of_the_corpus_scan_validates_against_the_upstream_CRDs()
    {
        await using var server = await StandInApiServer.StartAsync();
        LiveObjects.FromFiles(Directory.GetFiles(Repository.Corpus, "*.yaml"), server);
        using var scan = new ScanProcess(server);

        var result = scan.Run("--output", "openreports", "--report-pass");

        Assert.True(result.ExitCode is 1, result.ToString());
        var reports = Parse(result.Stdout);
        Assert.True(reports.Count > 10, $"{reports.Count} reports");
        Assert.Single(reports, r => r["kind"]!.GetValue<string>() == "ClusterReport");
        foreach (var report in reports)
        {
            var problems = await OpenReportsSchema.ProblemsAsync(report);
            Assert.True(problems.Count == 0, $"{report["kind"]} {report["metadata"]!["namespace"]}: {string.Join("; ", problems.Take(10))}");
        }

        // One report per namespace of a judged object.
        var namespaces = reports.Where(r => r["kind"]!.GetValue<string>() == "Report").Select(r => r["metadata"]!["namespace"]!.GetValue<string>()).ToList();
        Assert.Equal(namespaces.Distinct().Count(), namespaces.Count);
        Assert.Contains(reports.SelectMany(r => r["results"]!.AsArray()), r => r!["result"]!.GetValue<string>() == "pass");
    }

    [Fact]
    public async Task A_report_carries_the_resource_reference_result_message_properties_and_a_summary_of_everything()
    {
        await using var server = await StandInApiServer.StartAsync();
        var web = server.Add(ClusterObjects.Deployment("shop", "web", "helm"));
        server.Add(ClusterObjects.ConfigMap("shop", "web-config"));
        server.Add(ClusterObjects.Claim("shop", "data", "helm"));
        using var scan = new ScanProcess(server);

        var reports = Parse(scan.Run("--output", "openreports").Stdout);
        var report = Assert.Single(reports);
        Assert.Equal("openreports.io/v1alpha1", report["apiVersion"]!.GetValue<string>());
        Assert.Equal("Report", report["kind"]!.GetValue<string>());
        Assert.Equal("admission-guard", report["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("shop", report["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("admission-guard", report["source"]!.GetValue<string>());

        var results = report["results"]!.AsArray();
        var checksum = Assert.Single(results, r => r!["policy"]!.GetValue<string>() == "config-checksum")!;
        Assert.Equal("fail", checksum["result"]!.GetValue<string>());
        Assert.Contains("checksum/", checksum["message"]!.GetValue<string>());
        var resource = Assert.Single(checksum["resources"]!.AsArray())!;
        Assert.Equal("apps/v1", resource["apiVersion"]!.GetValue<string>());
        Assert.Equal("Deployment", resource["kind"]!.GetValue<string>());
        Assert.Equal("shop", resource["namespace"]!.GetValue<string>());
        Assert.Equal("web", resource["name"]!.GetValue<string>());
        Assert.Equal(web["metadata"]!["uid"]!.GetValue<string>(), resource["uid"]!.GetValue<string>());
        Assert.Equal("spec.template.metadata.annotations", checksum["properties"]!["path"]!.GetValue<string>());
        Assert.Equal("helm", checksum["properties"]!["applier"]!.GetValue<string>());

        // keep-stateful on the claim is a change the webhook makes, so a warning, not a failure.
        var keep = results.Where(r => r!["policy"]!.GetValue<string>() == "keep-stateful").ToList();
        Assert.NotEmpty(keep);
        Assert.All(keep, r => Assert.Equal("warn", r!["result"]!.GetValue<string>()));

        // Passes are counted though not listed.
        Assert.DoesNotContain(results, r => r!["result"]!.GetValue<string>() == "pass");
        var summary = report["summary"]!;
        Assert.True(Int(summary["pass"]) >= 2, summary.ToJsonString());
        Assert.Equal(results.Count(r => r!["result"]!.GetValue<string>() == "fail"), Int(summary["fail"]));
        Assert.Equal(results.Count(r => r!["result"]!.GetValue<string>() == "warn"), Int(summary["warn"]));
    }

    [Fact]
    public async Task Results_past_the_cap_are_cut_counted_in_the_summary_and_noted_in_an_annotation()
    {
        await using var server = await StandInApiServer.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            server.Add(ClusterObjects.Deployment("shop", $"web-{i}", "helm"));
        }

        using var scan = new ScanProcess(server);
        var result = scan.Run("--output", "openreports", "--max-results", "3");

        var report = Assert.Single(Parse(result.Stdout));
        Assert.Equal(3, report["results"]!.AsArray().Count);
        Assert.Equal(7, Int(report["summary"]!["fail"]));
        Assert.Equal("4", report["metadata"]!["annotations"]!["admission-guard.io/results-cut"]!.GetValue<string>());
        Assert.Equal(3, Int(report["configuration"]!["limits"]!["maxResults"]));
        Assert.Contains("4 more were cut", result.Stderr);
        Assert.Empty(await OpenReportsSchema.ProblemsAsync(report));
    }

    [Fact]
    public async Task Apply_writes_by_server_side_apply_and_the_next_apply_removes_stale_results()
    {
        await using var server = await StandInApiServer.StartAsync(ClusterObjects.Deployment("shop", "web", "helm"), ClusterObjects.Deployment("blog", "web", "helm"));
        using var scan = new ScanProcess(server);

        var first = scan.Run("--apply");
        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.Contains("applied /apis/openreports.io/v1alpha1/namespaces/shop/reports/admission-guard", first.Stderr);
        Assert.All(server.Applies, a => Assert.Equal("application/apply-patch+yaml", a.ContentType));
        Assert.Contains(server.Requests, r => r.StartsWith("PATCH /apis/openreports.io/v1alpha1/namespaces/shop/reports/admission-guard?fieldManager=admission-guard&force=true", StringComparison.Ordinal));
        var shop = server.Get("openreports.io/v1alpha1", "reports", "shop", "admission-guard")!;
        Assert.Equal("admission-guard", shop["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
        Assert.Contains(shop["results"]!.AsArray(), r => r!["policy"]!.GetValue<string>() == "config-checksum");

        // The shop Deployment is fixed and the blog one removed: both reports lose their results.
        var fixedWeb = ClusterObjects.Deployment("shop", "web", "helm");
        fixedWeb["spec"]!["template"]!["metadata"]!["annotations"] = new JsonObject { ["checksum/config"] = new string('a', 64) };
        server.Add(fixedWeb);
        Assert.True(server.Remove("apps/v1", "deployments", "blog", "web"));

        var second = scan.Run("--apply");
        Assert.True(second.ExitCode == 0, second.ToString());
        shop = server.Get("openreports.io/v1alpha1", "reports", "shop", "admission-guard")!;
        Assert.DoesNotContain(shop["results"]!.AsArray(), r => r!["policy"]!.GetValue<string>() == "config-checksum");
        var blog = server.Get("openreports.io/v1alpha1", "reports", "blog", "admission-guard")!;
        Assert.Empty(blog["results"]!.AsArray());
        Assert.Equal(0, Int(blog["summary"]!["fail"]));
        Assert.Contains(server.Requests, r => r.StartsWith("GET /apis/openreports.io/v1alpha1/reports?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dadmission-guard", StringComparison.Ordinal));
    }

    /// <summary>Numbers read from YAML are 64-bit.</summary>
    private static int Int(JsonNode? node) => (int)node!.GetValue<long>();

    internal static List<JsonObject> Parse(string yaml) =>
        ManifestReader.Read(yaml, "stdout").Where(d => d.Content is not null).Select(d => d.Content!.AsObject()).ToList();
}

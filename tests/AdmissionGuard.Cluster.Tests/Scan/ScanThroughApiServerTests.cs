using System.Text.Json.Nodes;

namespace AdmissionGuard.Cluster.Tests.Scan;

/// <summary>
/// <c>admission-guard scan</c> against the real API server: paging with a small page size (the
/// lists counted in the audit log), a kind the account may not list, and the OpenReports applied
/// as the chart's own service account right after their CRDs are created, read back with kubectl.
/// </summary>
[Collection(ScanCollection.Name)]
public sealed class ScanThroughApiServerTests
{
    private readonly KubeControlPlane cluster;

    public ScanThroughApiServerTests(KubeControlPlane cluster)
    {
        this.cluster = cluster;
        ScanCluster.Prepare(cluster);
    }

    [Fact]
    public void A_small_page_size_lists_every_object_a_page_at_a_time()
    {
        var result = ScanCluster.Scan(cluster.KubeconfigFile, "-n", ScanCluster.Paging, "--page-size", "3", "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ScanCluster.PagingConfigMaps, JsonNode.Parse(result.Stdout)!["summary"]!["objects"]!.GetValue<int>());

        // Eleven ConfigMaps, three a page: four list calls, three of them with a continue token.
        var lists = AuditedLists("configmaps").Where(uri => uri.Contains("limit=3", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, lists.Count);
        Assert.Equal(3, lists.Count(uri => uri.Contains("continue=", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_kind_the_account_may_not_list_is_skipped_and_reported()
    {
        var kubeconfig = cluster.ServiceAccountKubeconfig("scan-rbac", "no-secrets");

        var result = ScanCluster.Scan(kubeconfig, "--output", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("skipped: list secrets is forbidden", result.Stderr);
        Assert.Contains("system:serviceaccount:scan-rbac:no-secrets", result.Stderr);
        var report = JsonNode.Parse(result.Stdout)!;
        Assert.Contains("list secrets is forbidden", report["summary"]!["skippedDocuments"]!.ToJsonString());
        Assert.Contains("config-checksum", result.Stdout);
        Assert.DoesNotContain("Scan-Cluster-Value-42", result.All);
    }

    [Fact]
    public void The_chart_account_applies_openreports_right_after_the_crds_are_created_and_only_where_something_is_in_scope()
    {
        var kubeconfig = cluster.ServiceAccountKubeconfig(ChartWebhooks.Namespace, ChartWebhooks.Name);
        var policies = ScanCluster.ChartPolicies(cluster);
        Crds.InstallOpenReports(cluster);

        var result = ScanCluster.Scan(kubeconfig, "--apply", "--output", "json", "--policies", policies);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("skipped: list", result.Stderr);
        // The chart grants the PolicyException list only with exceptions.enabled; the scan says so.
        Assert.Contains("cannot list policyexceptions.admission-guard.io (forbidden): no exception is honoured", result.Stderr);
        var reports = JsonNode.Parse(cluster.KubectlOk("get", "reports.openreports.io", "-A", "-o", "json"))!["items"]!.AsArray();
        var byNamespace = reports.ToDictionary(r => (string)r!["metadata"]!["namespace"]!, r => r!);
        Assert.Equal(new[] { ScanCluster.Clean, ScanCluster.Paging, ScanCluster.Shop }, byNamespace.Keys.Order(StringComparer.Ordinal).ToArray());

        var shop = byNamespace[ScanCluster.Shop];
        var results = shop["results"]!.AsArray();
        Assert.Contains(results, r => (string)r!["policy"]! == "config-checksum" && (string)r["result"]! == "fail");
        Assert.Contains(results, r => (string)r!["policy"]! == "no-plaintext-secrets" && (string)r["result"]! == "fail");
        Assert.Contains(results, r => (string)r!["policy"]! == "keep-stateful" && (string)r["result"]! == "warn");
        Assert.Equal(results.Count(r => (string)r!["result"]! == "fail"), (int)shop["summary"]!["fail"]!);
        Assert.Equal("admission-guard", (string)shop["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!);
        Assert.DoesNotContain("Scan-Cluster-Value-42", shop.ToJsonString());

        // A namespace where everything passes has its counts and no results.
        var clean = byNamespace[ScanCluster.Clean];
        Assert.Empty(clean["results"]?.AsArray() ?? []);
        Assert.True((int)clean["summary"]!["pass"]! > 0);

        // The ClusterReport (the CRDs themselves are judged) and the fields written as the chart's account.
        var clusterReport = JsonNode.Parse(cluster.KubectlOk("get", "clusterreports.openreports.io", "admission-guard", "-o", "json", "--show-managed-fields"))!;
        Assert.Contains(clusterReport["metadata"]!["managedFields"]!.AsArray(), f => (string)f!["manager"]! == "admission-guard");

        // A second run replaces the results, it does not add to them.
        var again = ScanCluster.Scan(kubeconfig, "--apply", "--output", "json", "--policies", policies);
        Assert.True(again.ExitCode == 1, again.ToString());
        var shopAgain = JsonNode.Parse(cluster.KubectlOk("get", "reports.openreports.io", "admission-guard", "-n", ScanCluster.Shop, "-o", "json"))!;
        Assert.Equal(results.Count, shopAgain["results"]!.AsArray().Count);
    }

    /// <summary>The request URIs of the audited list calls of <paramref name="resource"/> in scan-paging.</summary>
    private List<string> AuditedLists(string resource)
    {
        using var stream = new FileStream(cluster.AuditLogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var uris = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var entry = JsonNode.Parse(line)!;
            if ((string?)entry["verb"] == "list" && (string?)entry["objectRef"]?["resource"] == resource && (string?)entry["stage"] == "ResponseComplete")
            {
                uris.Add((string)entry["requestURI"]!);
            }
        }

        return uris;
    }
}

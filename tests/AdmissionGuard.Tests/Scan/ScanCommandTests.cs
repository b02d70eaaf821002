using System.Text.Json.Nodes;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Cli;

namespace AdmissionGuard.Tests.Scan;

/// <summary><c>admission-guard scan</c> as a process against the stand-in: listing, the applier, exit codes, scoping.</summary>
public sealed class ScanCommandTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task The_text_report_groups_by_namespace_and_ends_with_the_summary()
    {
        await using var server = await StandInApiServer.StartAsync(ClusterObjects.Deployment("shop", "web", "helm"), ClusterObjects.Claim("blog", "data", "helm"));
        server.Forbidden.Add("secrets");
        using var scan = new ScanProcess(server);

        var result = scan.Run();
        output.WriteLine(result.ToString());

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        var blog = Array.IndexOf(lines, "namespaces/blog");
        var shop = Array.IndexOf(lines, "namespaces/shop");
        Assert.True(blog >= 0 && shop > blog, result.Stdout);
        Assert.Equal("  PersistentVolumeClaim blog/data", lines[blog + 1]);
        Assert.Equal("  Deployment shop/web", lines[shop + 1]);
        Assert.StartsWith("    deny   config-checksum: ", lines[shop + 2]);
        Assert.Contains("  skipped: list secrets is forbidden", result.Stdout);
        Assert.Matches(@"^2 objects in 3 sources: 1 deny, [0-9]+ warn, 0 audit, [0-9]+ mutate; 1 document skipped \(not Kubernetes objects\)\. Exit code 1\.$", lines.Last(l => l.Length > 0));
    }

    [Fact]
    public async Task Pages_restart_after_an_expired_token_and_a_forbidden_kind_is_skipped_not_fatal()
    {
        await using var server = await StandInApiServer.StartAsync();
        for (var i = 0; i < 23; i++)
        {
            server.Add(ClusterObjects.ConfigMap("shop", $"config-{i:D2}"));
        }

        server.Add(ClusterObjects.Secret("shop", "db", "Forbidden-Read-0001", "helm"));
        server.PageSizeCap = 5;
        server.ExpireFirstContinue.Add("configmaps");
        server.Forbidden.Add("secrets");

        using var scan = new ScanProcess(server);
        var result = scan.Run("--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = JsonNode.Parse(result.Stdout)!["summary"]!;
        Assert.Equal(23, summary["objects"]!.GetValue<int>());
        Assert.Contains("skipped: list secrets is forbidden", result.Stderr);
        Assert.Contains("list secrets is forbidden", summary["skippedDocuments"]!.ToJsonString());

        var lists = server.Requests.Where(r => r.StartsWith("GET /api/v1/configmaps", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lists.Count(r => !r.Contains("continue=", StringComparison.Ordinal))); // the first list, and its restart after 410
        Assert.True(lists.Count(r => r.Contains("continue=", StringComparison.Ordinal)) >= 5, string.Join("\n", lists));
        Assert.All(lists, r => Assert.Contains("limit=500", r));
        Assert.Contains(server.Requests, r => r == "GET /api/v1");
        Assert.Contains(server.Requests, r => r == "GET /apis/apps/v1");
    }

    [Fact]
    public async Task The_applier_comes_from_managedFields_and_decides_what_the_file_alone_cannot()
    {
        await using var server = await StandInApiServer.StartAsync(
            ClusterObjects.Secret("shop", "by-helm", "Helm-Value-0001", "helm"),
            ClusterObjects.Secret("shop", "by-argocd", "Argo-Value-0002", "argocd-controller"),
            ClusterObjects.Secret("shop", "by-flux", "Flux-Value-0003", "kustomize-controller"),
            ClusterObjects.Secret("shop", "by-kubectl", "Kubectl-Value-0004", "kubectl-client-side-apply"),
            ClusterObjects.Secret("shop", "by-operator", "Operator-Value-0005", "postgres-operator"),
            ClusterObjects.Claim("shop", "data-by-flux", "kustomize-controller"));
        server.Add(ClusterObjects.Claim("shop", "data-db-0", "kube-controller-manager", new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["name"] = "db", ["uid"] = Guid.NewGuid().ToString(),
        }));
        server.Add(ClusterObjects.PodOfReplicaSet("shop", "web-5d8f9c7b6-x2x9k", "Pod-Value-0006"));

        using var scan = new ScanProcess(server);
        var result = scan.Run("--output", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var findings = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray();
        string[] For(string name) => findings.Where(f => f!["name"]!.GetValue<string>() == name)
            .Select(f => $"{f!["policy"]}:{f["result"]}").ToArray();

        Assert.Contains("no-plaintext-secrets:deny", For("by-helm"));
        Assert.Contains("no-plaintext-secrets:deny", For("by-argocd"));
        Assert.Contains("no-plaintext-secrets:deny", For("by-flux"));
        Assert.Contains("no-plaintext-secrets:deny", For("by-kubectl"));
        Assert.Contains(findings, f => f!["name"]!.GetValue<string>() == "by-argocd" && f["message"]!.GetValue<string>().Contains("Argo CD", StringComparison.Ordinal));

        // Made by an operator, not applied from a declaration: nothing in Git or a chart holds it.
        Assert.Empty(For("by-operator"));

        // Flux's own keep annotation besides Helm's; a claim a StatefulSet made is outside the managed scope.
        Assert.Contains(findings, f => f!["name"]!.GetValue<string>() == "data-by-flux" && f["message"]!.GetValue<string>().Contains("kustomize.toolkit.fluxcd.io/prune", StringComparison.Ordinal));
        Assert.Empty(For("data-db-0"));

        // A Pod of a ReplicaSet: its template was judged at the owner.
        Assert.Empty(For("web-5d8f9c7b6-x2x9k"));
        Assert.Contains("made by a controller", result.Stderr);

        // check on the same Secret, as a file, cannot know it was made by an operator.
        using var files = new TempDirectory();
        var stored = server.Get("v1", "secrets", "shop", "by-operator")!;
        var file = files.Write("secret.json", stored.ToJsonString());
        var check = CliProcess.Run("check", "--output", "json", file);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("no-plaintext-secrets", check.Stdout);
    }

    [Fact]
    public async Task A_scan_judges_a_create_so_existing_violations_count_and_request_exclusions_are_said_not_to_apply()
    {
        await using var server = await StandInApiServer.StartAsync(ClusterObjects.Deployment("shop", "web", "helm"));
        using var scan = new ScanProcess(server);
        foreach (var file in Directory.GetFiles(Repository.Policies, "*.yaml"))
        {
            var text = File.ReadAllText(file).Replace("allowExistingViolations: false", "allowExistingViolations: true", StringComparison.Ordinal);
            if (Path.GetFileName(file) == "config-checksum.yaml")
            {
                text = text.Replace("  exclude:\n", "  exclude:\n    users: [system:serviceaccount:ci:deployer]\n", StringComparison.Ordinal);
            }

            scan.Directory.Write(Path.Combine("policies", Path.GetFileName(file)), text);
        }

        var result = scan.Run("--policies", Path.Combine(scan.Directory.Path, "policies"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("deny   config-checksum", result.Stdout);
        Assert.Contains("Deployment shop/web", result.Stdout);
        Assert.Contains("config-checksum excludes users: a scan judges stored objects, not requests, so these exclusions do not apply", result.Stderr);
    }

    [Fact]
    public async Task One_namespace_is_scanned_with_namespace_and_cluster_scoped_kinds_are_left_out()
    {
        await using var server = await StandInApiServer.StartAsync(ClusterObjects.Deployment("shop", "web", "helm"), ClusterObjects.Deployment("other", "web", "helm"));
        using var scan = new ScanProcess(server);

        var result = scan.Run("--namespace", "shop", "--output", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var findings = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("shop", f!["namespace"]!.GetValue<string>()));
        Assert.Contains("customresourcedefinitions.apiextensions.k8s.io is cluster-scoped: not scanned with --namespace", result.Stderr);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("GET /apis/apps/v1/deployments", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.StartsWith("GET /apis/apps/v1/namespaces/shop/deployments?limit=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exit_codes_are_checks_and_an_unreachable_cluster_is_2()
    {
        await using var server = await StandInApiServer.StartAsync(ClusterObjects.ConfigMap("shop", "clean"));
        using var scan = new ScanProcess(server);
        Assert.Equal(0, scan.Run().ExitCode);

        server.Add(ClusterObjects.Deployment("shop", "web", "helm"));
        Assert.Equal(1, scan.Run().ExitCode);

        var wrongContext = scan.Run("--context", "no-such-context");
        Assert.Equal(2, wrongContext.ExitCode);
        Assert.Contains("cannot configure the cluster client", wrongContext.Stderr);

        var closed = scan.Directory.Write("closed", server.Kubeconfig().Replace(server.BaseUri.AbsoluteUri.TrimEnd('/'), "https://127.0.0.1:1", StringComparison.Ordinal));
        var unreachable = CliProcess.Run("scan", "--kubeconfig", closed);
        Assert.Equal(2, unreachable.ExitCode);
        Assert.Contains("127.0.0.1:1", unreachable.Stderr);
    }
}

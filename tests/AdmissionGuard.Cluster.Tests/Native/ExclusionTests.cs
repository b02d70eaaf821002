using System.Text.Json.Nodes;

namespace AdmissionGuard.Cluster.Tests.Native;

/// <summary>
/// A policy file's exclusions and object exemption, compiled to a namespaceSelector and
/// matchConditions, spare on the real API server exactly what the webhook spares with the same file.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class ExclusionTests(KubeControlPlane cluster)
{
    private static readonly string PolicyFile = NativeSide.HookDeadlinePolicy("enforce", """
          allowObjectExemption: true
          exclude: {namespaces: [batch-legacy], names: ["legacy-*"], users: [alice], groups: [ops], serviceAccounts: [ci/deployer]}
        """);

    /// <summary>Name, namespace, exemption annotation, user, groups, and whether the hook Job without a deadline is denied.</summary>
    public static TheoryData<string, string, string?, string, string[], bool> Cases => new()
    {
        { "migrate", "default", null, "bob", [], true },
        { "legacy-migrate", "default", null, "bob", [], false },
        { "migrate", "batch-legacy", null, "bob", [], false },
        { "migrate", "default", "hook-deadline", "bob", [], false },
        { "migrate", "default", "config-checksum, hook-deadline ", "bob", [], false },
        { "migrate", "default", "config-checksum", "bob", [], true },
        { "migrate", "default", null, "alice", [], false },
        { "migrate", "default", null, "bob", ["ops"], false },
        { "migrate", "default", null, "system:serviceaccount:ci:deployer", [], false },
        { "migrate", "default", null, "system:serviceaccount:ci:other", [], true },
    };

    [Fact]
    public async Task Exclusions_and_exemptions_spare_the_same_requests_natively_and_at_the_webhook()
    {
        using var api = KubeApi.Of(cluster);
        var (directory, objects) = NativeSide.CompileHookDeadline("admission-guard-exclusions-", PolicyFile);
        await api.EnsureNamespaceAsync("batch-legacy");
        var admin = JsonNode.Parse("""
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "exclusion-test-admins"},
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
             "subjects": [{"kind": "User", "name": "alice"}, {"kind": "User", "name": "bob"},
                          {"kind": "User", "name": "system:serviceaccount:ci:deployer"}, {"kind": "User", "name": "system:serviceaccount:ci:other"}]}
            """)!.AsObject();
        Assert.True((await api.CreateAsync(admin)).Created);
        try
        {
            foreach (var obj in objects)
            {
                Assert.True((await api.CreateAsync(obj)).Created);
            }

            await UntilDeniedAsync(api, denied: true);
            var native = await Verdicts(api);

            foreach (var obj in objects)
            {
                await api.DeleteAsync(obj);
            }

            await UntilDeniedAsync(api, denied: false);
            await using var server = await WebhookServer.StartAsync(cluster, "--policies", directory);
            var registrations = await NativeSide.RegisterWebhookAsync(api, server.Url, cluster.Pki.CaPem);
            await UntilDeniedAsync(api, denied: true);
            var webhook = await Verdicts(api);
            foreach (var registration in registrations)
            {
                await api.DeleteAsync(registration);
            }

            await UntilDeniedAsync(api, denied: false);
            var expected = Cases.Select(c => (bool)c[5]).ToList();
            Assert.Equal(expected, native);
            Assert.Equal(expected, webhook);
        }
        finally
        {
            await api.DeleteAsync(admin);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<bool>> Verdicts(KubeApi api)
    {
        var verdicts = new List<bool>();
        foreach (var c in Cases)
        {
            var job = (JsonObject)NativeSide.ProbeJob.DeepClone();
            job["metadata"]!["name"] = (string)c[0];
            job["metadata"]!["namespace"] = (string)c[1];
            if (c[2] is string exemption)
            {
                job["metadata"]!["annotations"]!["admission-guard.io/exempt"] = exemption;
            }

            var answer = await api.CreateAsync(job, dryRun: true, asUser: (string)c[3], asGroups: (string[])c[4]);
            Assert.True(answer.Created || answer.Message.Contains("[hook-deadline]", StringComparison.Ordinal), $"{c[0]}: {answer.Status} {answer.Message}");
            verdicts.Add(!answer.Created);
        }

        return verdicts;
    }

    private static async Task UntilDeniedAsync(KubeApi api, bool denied)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await api.CreateAsync(NativeSide.ProbeJob, dryRun: true)).Created == denied)
        {
            Assert.True(DateTime.UtcNow < deadline, "the API server did not follow the policy change");
            await Task.Delay(250);
        }
    }
}

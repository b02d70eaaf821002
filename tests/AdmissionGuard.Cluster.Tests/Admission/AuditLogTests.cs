using System.Text.Json.Nodes;

namespace AdmissionGuard.Cluster.Tests.Admission;

/// <summary>The webhook's audit annotations reach the API server's audit log, under the webhook entry's name.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditLogTests(KubeControlPlane cluster)
{
    private const string Ns = "audited";

    [Fact]
    public async Task A_denial_and_a_mutation_leave_their_policy_results_in_the_audit_log()
    {
        await cluster.RegisteredWebhookAsync();
        cluster.CreateNamespace(Ns);

        Assert.False(cluster.Apply(ClusterObjects.ConfigMapWithPrivateKey("audited-key", Ns)).Succeeded);
        Assert.True(cluster.Apply(ClusterObjects.Claim("audited-claim", Ns, "  labels:\n    app.kubernetes.io/managed-by: Helm\n"), "--field-manager", "helm").Succeeded);

        var denial = await EventAsync("configmaps", "audited-key");
        Assert.Equal(403, (int)denial["responseStatus"]!["code"]!);
        Assert.StartsWith("deny: ", (string?)denial["annotations"]!["validate.admission-guard.io/no-plaintext-secrets"]);

        var mutation = await EventAsync("persistentvolumeclaims", "audited-claim");
        Assert.StartsWith("mutate", (string?)mutation["annotations"]!["mutate.admission-guard.io/keep-stateful"]);
        Assert.Contains("mutate.admission-guard.io", mutation["annotations"]!["mutation.webhook.admission.k8s.io/round_0_index_0"]!.ToString());
    }

    /// <summary>The create event of <paramref name="resource"/>/<paramref name="name"/> in the audit log, waiting for it to be written.</summary>
    private async Task<JsonNode> EventAsync(string resource, string name)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var stream = new FileStream(cluster.AuditLogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync() is { } line)
            {
                var entry = JsonNode.Parse(line)!;
                var target = entry["objectRef"];
                if ((string?)entry["verb"] == "create" && (string?)target?["resource"] == resource && (string?)target?["name"] == name
                    && (string?)target?["namespace"] == Ns && (string?)entry["stage"] == "ResponseComplete")
                {
                    return entry;
                }
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"no audit event for {resource}/{name} in {cluster.AuditLogFile}");
    }
}

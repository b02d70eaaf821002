namespace AdmissionGuard.Cluster.Tests.Exceptions;

/// <summary>
/// Who may grant an exception is RBAC's decision, with the chart's editor role aggregated to
/// <c>admin</c>; the webhook reviews the exception itself (kubectl <c>--as</c> another user).
/// </summary>
[Collection(ExceptionCollection.Name)]
public sealed class ExceptionRbacTests(KubeControlPlaneWithControllers cluster) : IAsyncLifetime
{
    private const string Ns = "rbac-shop";

    private WebhookServer? webhook;

    public async Task InitializeAsync()
    {
        webhook = await WebhookServer.StartAsync(cluster, "--watch-exceptions=true", "--kubeconfig", cluster.KubeconfigFile);
        ExceptionCluster.InstallCrdAndRoles(cluster, webhook);
        await ChartWebhooks.RegisterAsync(cluster, webhook, ExceptionCluster.ChartValues);
        cluster.CreateNamespace(Ns);
        Bind("alice", "admin");
        Bind("bob", "edit");
    }

    /// <summary>A RoleBinding in the namespace of a built-in ClusterRole to a user (applied: the tests may run again on the same cluster).</summary>
    private void Bind(string user, string role)
    {
        var applied = cluster.Apply($$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: {{user}}-{{role}}, namespace: {{Ns}}}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {{role}}}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: {{user}}}]
            """);
        Assert.True(applied.Succeeded, $"{applied} {cluster.Where}");
    }

    public async Task DisposeAsync()
    {
        if (webhook is not null)
        {
            await ChartWebhooks.UnregisterAsync(cluster, webhook);
            await webhook.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_namespace_admin_may_create_an_exception_through_the_aggregated_role_and_an_editor_may_not()
    {
        // kube-controller-manager aggregates the editor role into admin a moment after it exists.
        var canI = await ExceptionCluster.UntilAsync(
            () => cluster.Kubectl("auth", "can-i", "create", "policyexceptions.admission-guard.io", "-n", Ns, "--as", "alice").Stdout.Trim(),
            answer => answer == "yes");
        Assert.Equal("yes", canI);

        var expires = DateTimeOffset.UtcNow.AddDays(30);
        var byAlice = cluster.Kubectl(["apply", "-f", "-", "--as", "alice"], ExceptionCluster.Exception("by-alice", Ns, expires));
        var byBob = cluster.Kubectl(["apply", "-f", "-", "--as", "bob"], ExceptionCluster.Exception("by-bob", Ns, expires));

        Assert.True(byAlice.Succeeded, $"{byAlice} {cluster.Where}");
        Assert.False(byBob.Succeeded, byBob.ToString());
        Assert.Contains("forbidden", byBob.Stderr);
        Assert.Contains("policyexceptions", byBob.Stderr);
        Assert.Contains("by-alice", cluster.KubectlOk("get", "policyexceptions", "-n", Ns));
    }

    [Theory]
    [InlineData("[hook-deadline]", -1, "spec.expiresAt: ", "is not in the future")]
    [InlineData("[hook-deadline]", 120, "spec.expiresAt: ", "is more than 90 days ahead")]
    [InlineData("[hook-deadlines]", 30, "spec.policies[0]: unknown policy 'hook-deadlines'", "")]
    [InlineData("[\"*\"]", 30, "spec.policies: an exception of every policy is not allowed", "")]
    public void The_webhook_denies_an_exception_naming_what_is_wrong(string policies, int days, string field, string message)
    {
        var result = cluster.Apply(ExceptionCluster.Exception("invalid", Ns, DateTimeOffset.UtcNow.AddDays(days), policies));

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains("admission webhook \"exceptions.validate.admission-guard.io\" denied the request", result.Stderr);
        Assert.Contains($"[policy-exception] PolicyException {Ns}/invalid: {field}", result.Stderr);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void The_api_server_refuses_an_exception_without_a_reason_by_the_crd_schema()
    {
        var yaml = ExceptionCluster.Exception("no-reason", Ns, DateTimeOffset.UtcNow.AddDays(3)).Replace("  reason: vendor chart, fixed in its 2.0\n", string.Empty, StringComparison.Ordinal);

        var result = cluster.Apply(yaml);

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains("spec.reason", result.Stderr);
    }

    [Fact]
    public void Kubectl_get_shows_policy_expiry_and_reason()
    {
        var expires = DateTimeOffset.UtcNow.AddDays(10);
        Assert.True(cluster.Apply(ExceptionCluster.Exception("listed", Ns, expires)).Succeeded);

        var table = cluster.KubectlOk("get", "policyexceptions", "listed", "-n", Ns);

        Assert.Contains("POLICIES", table);
        Assert.Contains("EXPIRES", table);
        Assert.Contains("REASON", table);
        Assert.Contains("[\"hook-deadline\"]", table);
        Assert.Contains("vendor chart, fixed in its 2.0", table);
    }
}

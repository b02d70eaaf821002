using System.Net;
using System.Text.Json.Nodes;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Server;

/// <summary>--policies DIR is reloaded when it changes: a valid set is swapped in, an invalid one leaves the last good set.</summary>
public sealed class PolicyReloadTests : IDisposable
{
    private static readonly string Builtin = File.ReadAllText(Repository.Combine("policies", "no-plaintext-secrets.yaml"));

    private readonly TempDirectory policies = new();

    [Fact]
    public async Task A_valid_change_is_swapped_in_and_an_invalid_one_keeps_the_last_good_set()
    {
        File.WriteAllText(policies.Combine("no-plaintext-secrets.yaml"), WithAction("audit"));
        await using var server = await RunningServer.StartAsync(o => o with { PoliciesDirectory = policies.Path });
        Assert.StartsWith("pass", await AuditAnnotationAsync(server));

        File.WriteAllText(policies.Combine("no-plaintext-secrets.yaml"), WithAction("off"));
        await Eventually.GetAsync(() => AuditAnnotationAsync(server), annotation => annotation is null, "the policy turned off is no longer evaluated");
        Assert.Equal(1, await server.MetricAsync("admission_guard_policy_reloads_total{result=\"success\"}"));

        File.WriteAllText(policies.Combine("no-plaintext-secrets.yaml"), WithAction("sometimes"));
        await Eventually.GetAsync(
            () => server.MetricAsync("admission_guard_policy_reloads_total{result=\"failure\"}"),
            failures => failures == 1,
            "the invalid file is counted as a failed reload");
        Assert.Null(await AuditAnnotationAsync(server));
        Assert.Contains(server.Logs.WithEventId(11), e => e.Message.Contains("no-plaintext-secrets.yaml", StringComparison.Ordinal));
        using (var ready = await server.Health.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        File.WriteAllText(policies.Combine("no-plaintext-secrets.yaml"), WithAction("audit"));
        await Eventually.GetAsync(() => AuditAnnotationAsync(server), annotation => annotation is not null, "the repaired file is loaded");
        Assert.Equal(2, await server.MetricAsync("admission_guard_policy_reloads_total{result=\"success\"}"));
    }

    [Fact]
    public async Task A_ConfigMap_mount_swapping_its_data_link_is_reloaded()
    {
        MountedVolume.Publish(policies.Path, dir => File.WriteAllText(Path.Combine(dir, "no-plaintext-secrets.yaml"), WithAction("audit")));
        await using var server = await RunningServer.StartAsync(o => o with { PoliciesDirectory = policies.Path });
        Assert.StartsWith("pass", await AuditAnnotationAsync(server));

        MountedVolume.Publish(policies.Path, dir => File.WriteAllText(Path.Combine(dir, "no-plaintext-secrets.yaml"), WithAction("off")));

        await Eventually.GetAsync(() => AuditAnnotationAsync(server), annotation => annotation is null, "the swapped-in set is in force");
    }

    [Fact]
    public async Task Does_not_start_with_an_invalid_policy_directory()
    {
        File.WriteAllText(policies.Combine("no-plaintext-secrets.yaml"), WithAction("sometimes"));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => RunningServer.StartAsync(o => o with { PoliciesDirectory = policies.Path }));

        Assert.Contains("no-plaintext-secrets.yaml", e.Message);
    }

    /// <summary>The no-plaintext-secrets audit annotation on a harmless ConfigMap: null when the policy did not run.</summary>
    private static async Task<string?> AuditAnnotationAsync(RunningServer server)
    {
        var response = Reviews.Response(await server.ReviewAsync("/validate", Reviews.ConfigMap(Guid.NewGuid().ToString(), new JsonObject { ["color"] = "blue" })));
        return (string?)response["auditAnnotations"]?["no-plaintext-secrets"];
    }

    private static string WithAction(string action)
    {
        const string Enforce = "action: enforce";
        Assert.Contains(Enforce, Builtin);
        return Builtin.Replace(Enforce, "action: " + action, StringComparison.Ordinal);
    }

    public void Dispose() => policies.Dispose();
}

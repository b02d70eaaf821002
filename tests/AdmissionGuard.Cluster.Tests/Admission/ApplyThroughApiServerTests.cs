using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace AdmissionGuard.Cluster.Tests.Admission;

/// <summary>
/// The examples and a sample of policy fixtures applied with kubectl through the real API server,
/// to the webhook registered by the chart: the verdict, denial message, warnings and patch the
/// user meets are the ones the webhook gives when a review is posted to it directly (what the
/// in-process tests check), and the stored object is the patched one.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ApplyThroughApiServerTests(KubeControlPlane cluster) : IAsyncLifetime
{
    private const string Admin = "admin-token-user";

    /// <summary>What kubectl and the API server themselves add: the last applied configuration, a Job's selector labels.</summary>
    private static readonly string[] ApiServerOwn =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "controller-uid", "job-name",
    ];

    private static readonly IReadOnlyList<ApplyCase> Cases = ApplyCase.Sample();

    private WebhookServer webhook = null!;

    public async Task InitializeAsync()
    {
        webhook = await cluster.RegisteredWebhookAsync();

        // The users the fixtures were written for may write anything (the API server's RBAC runs before admission).
        var users = Cases.Select(c => c.Username).OfType<string>().Distinct().Select(u => $"- kind: User\n  apiGroup: rbac.authorization.k8s.io\n  name: \"{u}\"\n");
        var binding = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: fixture-users\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n" + string.Concat(users);
        Assert.True(cluster.Apply(binding).Succeeded);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(ApplyMode.ClientSide)]
    [InlineData(ApplyMode.ServerSide)]
    [InlineData(ApplyMode.DryRunServer)]
    public async Task Kubectl_apply_meets_the_answers_the_webhook_gives_directly(ApplyMode mode)
    {
        Assert.True(Cases.Count > 40, $"only {Cases.Count} cases");
        var namespaces = Cases.Select((_, i) => Namespace(mode, i)).ToArray();
        Assert.True(cluster.Apply(string.Join("---\n", namespaces.Select(n => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {n}\n"))).Succeeded);

        var mismatches = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Cases.Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (item, _) =>
        {
            foreach (var problem in await CheckAsync(mode, item.c, namespaces[item.i]))
            {
                mismatches.Add($"{item.c.Name}: {problem}");
            }
        });

        Assert.True(mismatches.IsEmpty, $"{mismatches.Count} differences through the API server {cluster.Where}:\n" + string.Join("\n", mismatches.Order(StringComparer.Ordinal)));
    }

    private static string Namespace(ApplyMode mode, int index) => $"fx-{mode.Slug()}-{index}";

    private async Task<List<string>> CheckAsync(ApplyMode mode, ApplyCase applyCase, string ns)
    {
        var problems = new List<string>();
        var obj = applyCase.Object.DeepClone().AsObject();
        obj["metadata"]!["namespace"] = ns;
        var manager = applyCase.FieldManager ?? mode.DefaultManager();
        var user = applyCase.Username ?? Admin;
        var groups = applyCase.Groups ?? (user == Admin ? ["system:masters", "system:authenticated"] : ["system:authenticated"]);

        var review = RealReviews.Wrap(obj, Guid.NewGuid().ToString(), username: user, groups: groups, fieldManager: manager, ns: ns, dryRun: mode == ApplyMode.DryRunServer);
        var expected = await webhook.ReviewAsync(applyCase.Mutating ? "/mutate" : "/validate", review);

        List<string> arguments = ["apply", "-f", "-", "-o", "json", .. mode.Arguments()];
        if (applyCase.FieldManager is not null)
        {
            arguments.AddRange(["--field-manager", applyCase.FieldManager]);
        }

        if (applyCase.Username is not null)
        {
            arguments.AddRange(["--as", user]);
            foreach (var group in applyCase.Groups ?? [])
            {
                arguments.AddRange(["--as-group", group]);
            }
        }

        var result = cluster.Kubectl(arguments, obj.ToJsonString());
        var warnings = expected["warnings"]?.AsArray().Select(w => (string)w!).ToArray() ?? [];
        foreach (var warning in warnings)
        {
            if (!result.Stderr.Contains("Warning: " + warning, StringComparison.Ordinal))
            {
                problems.Add($"warning not printed by kubectl: {warning}\n  kubectl: {result.Stderr}");
            }
        }

        if (warnings.Length == 0 && result.Stderr.Contains("Warning: ", StringComparison.Ordinal))
        {
            problems.Add($"kubectl printed a warning the direct answer does not have: {result.Stderr}");
        }

        if (!(bool)expected["allowed"]!)
        {
            var message = (string)expected["status"]!["message"]!;
            if (result.Succeeded)
            {
                problems.Add($"allowed through the API server, denied directly: {message}");
            }
            else if (!result.Stderr.Contains("denied the request: " + message, StringComparison.Ordinal))
            {
                problems.Add($"denial differs\n  direct:  {message}\n  kubectl: {result.Stderr}");
            }

            return problems;
        }

        if (!result.Succeeded)
        {
            problems.Add($"denied through the API server, allowed directly: {result.Stderr}");
            return problems;
        }

        // The object as the API server returned it (stored, or for a dry run as it would be).
        var stored = JsonNode.Parse(result.Stdout)!.AsObject();
        var meant = obj.DeepClone().AsObject();
        if (expected["patch"] is { } patch)
        {
            JsonSerializer.Deserialize<JsonPatchDocument>(Convert.FromBase64String((string)patch!))!.ApplyTo(meant);
        }

        foreach (var field in new[] { "annotations", "labels" })
        {
            var want = Map(meant["metadata"]?[field]);
            var got = Map(stored["metadata"]?[field]);
            foreach (var own in ApiServerOwn)
            {
                want.Remove(own);
                got.Remove(own);
            }

            if (!want.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(got.OrderBy(p => p.Key, StringComparer.Ordinal)))
            {
                problems.Add($"stored {field} differ from the patched object's\n  meant:  {Show(want)}\n  stored: {Show(got)}");
            }
        }

        if (mode == ApplyMode.DryRunServer)
        {
            var get = cluster.Kubectl("get", applyCase.Kind.ToLowerInvariant(), (string)obj["metadata"]!["name"]!, "-n", ns, "--ignore-not-found", "-o", "name");
            if (get.Stdout.Length > 0)
            {
                problems.Add("a server-side dry run stored the object");
            }
        }

        return problems;
    }

    private static Dictionary<string, string> Map(JsonNode? node) =>
        node is JsonObject map ? map.ToDictionary(p => p.Key, p => (string?)p.Value ?? "", StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);

    private static string Show(Dictionary<string, string> map) =>
        new StringBuilder("{").AppendJoin(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")).Append('}').ToString();
}

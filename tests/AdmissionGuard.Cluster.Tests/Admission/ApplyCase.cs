using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Cluster.Tests.Admission;

/// <summary>
/// One object to apply through the API server: a policy fixture or an example review, with the
/// field manager and user it was written for (null: kubectl's own manager, the admin).
/// </summary>
public sealed record ApplyCase(string Name, JsonObject Object, string? FieldManager, string? Username, IReadOnlyList<string>? Groups)
{
    /// <summary>The kinds the chart's default webhook rules cover, namespaced ones only (cluster-scoped CRDs would collide between runs).</summary>
    private static readonly HashSet<string> Kinds = ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Secret", "ConfigMap", "PersistentVolumeClaim"];

    /// <summary>
    /// Pins JSON Pointer escaping with an annotation key holding <c>~</c>, which the API server
    /// rejects in any annotation key (a qualified name): such an object never reaches a webhook.
    /// The cluster test of escaping uses real keys with <c>/</c> instead.
    /// </summary>
    private const string ImpossibleKeys = "keep-stateful/mutate.keys-with-slashes-and-tildes-stay-intact";

    /// <summary>
    /// A Secret a controller writes: kubectl cannot reproduce that write (a client-side apply adds
    /// <c>kubectl.kubernetes.io/last-applied-configuration</c>, which makes it kubectl's), and its
    /// <c>tls.crt</c> is not PEM, so the API server adds a warning of its own.
    /// </summary>
    private const string ControllerWrite = "no-plaintext-secrets/pass.secret-written-by-a-controller";

    public string Kind => (string)Object["kind"]!;

    public bool Mutating => Kind == "PersistentVolumeClaim";

    public override string ToString() => Name;

    /// <summary>
    /// Both examples, every keep-stateful fixture and every fifth of the others (file order) that a
    /// plain apply can reproduce: a CREATE with the policy's default settings and parameters, no
    /// looked-up services and no CLI-only context, of a kind the default webhook rules cover.
    /// </summary>
    public static IReadOnlyList<ApplyCase> Sample()
    {
        var cases = new List<ApplyCase>();
        foreach (var example in new[] { "deployment-without-checksum.json", "pvc-applied-by-helm.json" })
        {
            var request = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "examples", example)))!["request"]!;
            cases.Add(new ApplyCase(
                "examples/" + example,
                request["object"]!.AsObject(),
                (string?)request["options"]?["fieldManager"],
                null,
                null));
        }

        var others = 0;
        foreach (var sample in RealReviews.Fixtures())
        {
            var fixture = sample.Fixture;
            var request = fixture["request"] as JsonObject;
            if (fixture["settings"] is not null || fixture["parameters"] is not null || fixture["services"] is not null
                || fixture["origin"] is not null || request?["dryRun"] is not null
                || ((string?)request?["operation"] ?? "CREATE") != "CREATE"
                || !Kinds.Contains((string?)fixture["object"]?["kind"] ?? ""))
            {
                continue;
            }

            if ((sample.Policy != "keep-stateful" && others++ % 5 != 0) || sample.Name is ImpossibleKeys or ControllerWrite)
            {
                continue;
            }

            cases.Add(new ApplyCase(
                sample.Name,
                Valid(fixture["object"]!.AsObject()),
                (string?)request?["fieldManager"],
                (string?)request?["username"],
                (request?["groups"] as JsonArray)?.Select(g => (string)g!).ToArray()));
        }

        return cases;
    }

    /// <summary>
    /// A workload without <c>spec.selector</c> (some fixtures leave it out, the policies never read
    /// it) gets one matching its template labels: the API server rejects such an object before the
    /// validating webhooks run. Anything else is applied as the fixture wrote it.
    /// </summary>
    private static JsonObject Valid(JsonObject fixtureObject)
    {
        var obj = fixtureObject.DeepClone().AsObject();
        if ((string?)obj["kind"] is "Deployment" or "StatefulSet" or "DaemonSet" && obj["spec"] is JsonObject spec && spec["selector"] is null
            && spec["template"] is JsonObject template)
        {
            var metadata = template["metadata"] as JsonObject ?? (JsonObject)(template["metadata"] = new JsonObject());
            var labels = metadata["labels"] as JsonObject ?? (JsonObject)(metadata["labels"] = new JsonObject { ["app"] = (string?)obj["metadata"]?["name"] });
            spec["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() };
        }

        return obj;
    }
}

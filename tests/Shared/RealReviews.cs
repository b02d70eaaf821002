using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Testing;

/// <summary>
/// AdmissionReview request bodies built from real objects: every policy fixture
/// (tests/AdmissionGuard.Core.Tests/Fixtures/&lt;policy&gt;/*.yaml) wrapped the way the API server
/// wraps an object, with the fixture's operation, user and field manager. Hostile-input, soak and
/// secret-leak tests start from these, so that what they mutate or count is what a cluster sends.
/// </summary>
internal static class RealReviews
{
    /// <summary>One fixture as a review: its file, its policy folder, the review, and the fixture itself.</summary>
    public sealed record Sample(string Name, string Policy, JsonObject Review, JsonObject Fixture)
    {
        public string Uid => (string)Review["request"]!["uid"]!;

        public string Json => Review.ToJsonString();

        public override string ToString() => Name;
    }

    private static readonly Lazy<IReadOnlyList<Sample>> All = new(LoadFixtures);

    /// <summary>Every fixture of every policy, in file order, each with a distinct uid (UUID-shaped, fixed per position).</summary>
    public static IReadOnlyList<Sample> Fixtures() => All.Value;

    /// <summary>The fixture whose file is <c>&lt;policy&gt;/&lt;name&gt;.yaml</c>.</summary>
    public static Sample Fixture(string policyAndName) =>
        All.Value.Single(s => s.Name == policyAndName);

    /// <summary>
    /// Wraps an object in an <c>admission.k8s.io/v1</c> review the way the API server sends it: kind,
    /// resource and requestKind from the object's apiVersion and kind, name and namespace from its
    /// metadata, userInfo, options with the field manager, dryRun; <c>admission.k8s.io/v1</c> unless
    /// <paramref name="apiVersion"/> says otherwise.
    /// </summary>
    public static JsonObject Wrap(
        JsonObject obj,
        string uid,
        JsonObject? oldObject = null,
        string operation = "CREATE",
        string username = "jane@example.com",
        IEnumerable<string>? groups = null,
        string fieldManager = "",
        string? ns = null,
        bool dryRun = false,
        string apiVersion = "admission.k8s.io/v1")
    {
        var kind = GroupVersionKind.FromApiVersion((string?)obj["apiVersion"] ?? "v1", (string?)obj["kind"] ?? "ConfigMap");
        var resource = kind.Kind.ToLowerInvariant() + (kind.Kind.EndsWith('s') ? "es" : "s");
        var clusterScoped = kind.Kind is "CustomResourceDefinition" or "Namespace" or "ClusterRole";
        ns ??= (string?)obj["metadata"]?["namespace"] ?? (clusterScoped ? null : "default");
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = Gvk(kind),
            ["resource"] = new JsonObject { ["group"] = kind.Group, ["version"] = kind.Version, ["resource"] = resource },
            ["requestKind"] = Gvk(kind),
            ["requestResource"] = new JsonObject { ["group"] = kind.Group, ["version"] = kind.Version, ["resource"] = resource },
            ["name"] = (string?)obj["metadata"]?["name"],
            ["operation"] = operation,
            ["userInfo"] = new JsonObject
            {
                ["username"] = username,
                ["uid"] = "5c2d3c8e-0b1f-4b5e-9d55-0f9f4cbd3a11",
                ["groups"] = new JsonArray((groups ?? ["system:authenticated"]).Select(g => (JsonNode?)g).ToArray()),
            },
            ["object"] = obj.DeepClone(),
            ["oldObject"] = oldObject?.DeepClone(),
            ["dryRun"] = dryRun,
            ["options"] = new JsonObject
            {
                ["apiVersion"] = "meta.k8s.io/v1",
                ["kind"] = operation == "UPDATE" ? "UpdateOptions" : "CreateOptions",
                ["fieldManager"] = fieldManager,
            },
        };
        if (ns is not null)
        {
            request["namespace"] = ns;
        }

        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "AdmissionReview",
            ["request"] = request,
        };
    }

    private static JsonObject Gvk(GroupVersionKind kind) =>
        new() { ["group"] = kind.Group, ["version"] = kind.Version, ["kind"] = kind.Kind };

    private static IReadOnlyList<Sample> LoadFixtures()
    {
        var samples = new List<Sample>();
        var files = Directory.GetDirectories(Repository.Fixtures)
            .SelectMany(d => Directory.GetFiles(d, "*.yaml"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var fixture = (JsonObject)ManifestReader.Read(File.ReadAllText(file), file).Single().Content!;
            var policy = Path.GetFileName(Path.GetDirectoryName(file))!;
            var name = $"{policy}/{Path.GetFileNameWithoutExtension(file)}";
            var request = fixture["request"] as JsonObject;
            var review = Wrap(
                (JsonObject)fixture["object"]!,
                uid: $"00000000-0000-4000-8000-{samples.Count:D12}",
                oldObject: fixture["oldObject"] as JsonObject,
                operation: (string?)request?["operation"] ?? "CREATE",
                username: (string?)request?["username"] ?? "jane@example.com",
                groups: (request?["groups"] as JsonArray)?.Select(g => (string)g!),
                fieldManager: (string?)request?["fieldManager"] ?? "",
                ns: (string?)request?["namespace"],
                dryRun: (bool?)request?["dryRun"] ?? false);
            samples.Add(new Sample(name, policy, review, fixture));
        }

        return samples;
    }
}

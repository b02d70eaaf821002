using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Core.Patching;
using AdmissionGuard.Testing;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace AdmissionGuard.Core.Tests.Corpus;

/// <summary>
/// Every object of the real-world corpus (../shared/corpus) through the engine with the default
/// policies, as a CREATE from an unknown client (no field manager, not from a manifest file), for
/// both webhooks; then named objects (for all four policies, <see cref="NamedObjects"/>) whose results are pinned exactly.
/// </summary>
public sealed class CorpusTests
{
    private static readonly PolicyEngine Engine = new(PolicyLoader.LoadDefaults().Policies
        ?? throw new InvalidOperationException("the default policies do not load"));

    private static readonly ConcurrentDictionary<string, IReadOnlyList<ManifestDocument>> Documents = new(StringComparer.Ordinal);

    /// <summary>Kinds without a namespace; every other object is reviewed in its own namespace or <c>default</c>.</summary>
    private static readonly HashSet<string> ClusterScoped =
    [
        "CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass", "StorageClass",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "IngressClass", "PersistentVolume",
    ];

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(Repository.Corpus, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_object_is_reviewed_by_both_webhooks_and_every_patch_applies_once(string file)
    {
        var reviewed = 0;
        foreach (var doc in Read(file))
        {
            if (doc.Content is not JsonObject obj || obj["kind"] is null || obj["apiVersion"] is null)
            {
                continue;
            }

            var validating = Engine.Evaluate(Request(obj), PolicyType.Validating);
            var mutating = Engine.Evaluate(Request(obj), PolicyType.Mutating);
            reviewed++;

            var where = $"{file}:{doc.Line} {obj["kind"]} {obj["metadata"]?["name"]}";
            foreach (var result in validating.Results.Concat(mutating.Results))
            {
                Assert.True(result.Result != PolicyResultKind.Error, $"{where}: {result.PolicyId} could not read the object: {result.Reason}");
            }

            Assert.Empty(validating.Patch);
            if (mutating.Patch.Count > 0)
            {
                var patched = obj.DeepClone();
                JsonSerializer.Deserialize<JsonPatchDocument>(JsonPatchWriter.ToJson(mutating.Patch))!.ApplyTo(patched);
                var again = Engine.Evaluate(Request((JsonObject)patched), PolicyType.Mutating);
                Assert.True(again.Patch.Count == 0, $"{where}: a second pass patched again");
            }
        }

        Assert.True(reviewed > 0, $"{file}: no object reviewed");
    }

    [Theory]
    [MemberData(nameof(NamedObjects.All), MemberType = typeof(NamedObjects))]
    public void A_named_object_gets_exactly_its_pinned_results(object row)
    {
        var named = (NamedObject)row;
        var review = Review(named.File, named.Kind, named.Name);

        AssertResults(review, named.Results);
        foreach (var check in named.Checks)
        {
            check.Check(review);
        }
    }

    private static IReadOnlyList<ManifestDocument> Read(string file) =>
        Documents.GetOrAdd(file, f => ManifestReader.Read(File.ReadAllText(Path.Combine(Repository.Corpus, f)), f));

    private static CorpusReview Review(string file, string kind, string name)
    {
        var obj = Read(file)
            .Select(d => d.Content as JsonObject)
            .Single(o => o is not null && (string?)o["kind"] == kind && (string?)o["metadata"]?["name"] == name)!;
        return new CorpusReview(obj, Engine.Evaluate(Request(obj), PolicyType.Validating), Engine.Evaluate(Request(obj), PolicyType.Mutating));
    }

    /// <summary>
    /// The named policies have exactly these results, and no other policy reported anything. Policies
    /// not named may pass: which ones run on a kind is the policy files' business.
    /// </summary>
    private static void AssertResults(CorpusReview review, (string PolicyId, PolicyResultKind Result)[] expected)
    {
        var actual = review.Validating.Results.Concat(review.Mutating.Results).ToDictionary(r => r.PolicyId, r => r.Result);
        foreach (var (policyId, result) in expected)
        {
            Assert.True(actual.TryGetValue(policyId, out var got), $"{policyId} did not run");
            Assert.Equal(result, got);
        }

        foreach (var (policyId, result) in actual)
        {
            if (!expected.Any(e => e.PolicyId == policyId))
            {
                Assert.True(result == PolicyResultKind.Pass, $"{policyId} reported {result}");
            }
        }
    }

    private static AdmissionRequest Request(JsonObject obj)
    {
        var kind = GroupVersionKind.FromApiVersion((string)obj["apiVersion"]!, (string)obj["kind"]!);
        var ns = (string?)obj["metadata"]?["namespace"] ?? (ClusterScoped.Contains(kind.Kind) ? string.Empty : "default");
        return TestRequest.For(obj, ns, uid: "corpus");
    }
}

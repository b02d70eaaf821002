using System.Text.Json.Nodes;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>The GuardPolicy files in the rendered policy ConfigMap, parsed.</summary>
internal static class RenderedPolicies
{
    public static IReadOnlyList<(string File, string Content)> Files(RenderedChart chart) =>
        [.. chart.PolicyConfigMap.At("data").AsObject().Select(p => (p.Key, p.Value!.GetValue<string>()))];

    /// <summary>Each policy file's document, keyed by policy id (metadata.name); the GuardSettings document is not a policy.</summary>
    public static IReadOnlyDictionary<string, JsonObject> ById(RenderedChart chart) =>
        Files(chart).Select(f => Parse(f.File, f.Content)).Where(d => d.Str("kind") == "GuardPolicy").ToDictionary(d => d.Str("metadata.name"));

    public static JsonObject Parse(string file, string content)
    {
        var documents = ManifestReader.Read(content, file);
        var document = Assert.Single(documents);
        Assert.False(document.IsError, $"{file}: {document.Error}");
        return Assert.IsType<JsonObject>(document.Content);
    }

    public static bool IsEnabled(JsonObject policy) => policy.Str("spec.action") != "off";

    public static PolicyType TypeOf(string policyId) =>
        (PolicyCatalog.Find(policyId) ?? throw new Xunit.Sdk.XunitException($"policy file for unknown policy {policyId}")).Type;

    /// <summary>The kinds the enabled policies of a type match, as <c>group/version/Kind</c> (core: <c>v1/Kind</c>).</summary>
    public static ISet<string> EnabledKinds(RenderedChart chart, PolicyType type) =>
        ById(chart).Where(p => IsEnabled(p.Value) && TypeOf(p.Key) == type)
            .SelectMany(p => p.Value.Strings("spec.match.kinds"))
            .ToHashSet(StringComparer.Ordinal);
}

using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Tests.Cli;

/// <summary>Reads YAML the CLI wrote, the way Kubernetes' YAML 1.1 decoder types it.</summary>
internal static class Manifests
{
    /// <summary>Helm's annotation that keeps a resource on <c>helm uninstall</c>; keep-stateful adds it with the value <c>keep</c>.</summary>
    public const string Keep = "helm.sh/resource-policy";

    public static IReadOnlyList<JsonNode?> Read(string yaml)
    {
        var docs = ManifestReader.Read(yaml, "output");
        Assert.DoesNotContain(docs, d => d.IsError);
        return docs.Where(d => d.Content is not null).Select(d => d.Content).ToList();
    }

    public static JsonObject Single(string yaml, string kind, string name) =>
        Read(yaml).OfType<JsonObject>().Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]?["name"] == name);

    public static JsonObject File(string path) => (JsonObject)Read(System.IO.File.ReadAllText(path)).Single()!;

    public static string? Annotation(JsonObject obj, string key) => (string?)obj["metadata"]?["annotations"]?[key];
}

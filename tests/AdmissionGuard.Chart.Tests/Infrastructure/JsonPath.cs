using System.Text.Json.Nodes;

namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>Navigation over rendered manifests that fails with the path it could not follow.</summary>
internal static class JsonPath
{
    /// <summary>
    /// The node at a dotted path (<c>spec.template.spec</c>); an array index is a number segment.
    /// Keys that contain dots (labels, annotations) are read with the indexer instead.
    /// </summary>
    public static JsonNode At(this JsonNode node, string path)
    {
        var current = node;
        foreach (var segment in path.Split('.'))
        {
            JsonNode? next = current is JsonArray array && int.TryParse(segment, out var index)
                ? (index < array.Count ? array[index] : null)
                : current is JsonObject obj ? obj[segment] : null;
            current = next ?? throw new Xunit.Sdk.XunitException($"{path}: no '{segment}' in {Describe(node)}");
        }

        return current;
    }

    public static JsonNode? Find(this JsonNode node, string path)
    {
        var current = node;
        foreach (var segment in path.Split('.'))
        {
            current = current is JsonArray array && int.TryParse(segment, out var index)
                ? (index < array.Count ? array[index] : null)
                : current is JsonObject obj ? obj[segment] : null;
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static string Str(this JsonNode node, string path) => node.At(path).GetValue<string>();

    /// <summary>An integer; the manifest reader yields YAML integers as 64-bit.</summary>
    public static long Int(this JsonNode node, string path) => node.At(path).GetValue<long>();

    public static bool Bool(this JsonNode node, string path) => node.At(path).GetValue<bool>();

    public static JsonArray Arr(this JsonNode node, string path) => node.At(path).AsArray();

    public static IReadOnlyList<string> Strings(this JsonNode node, string path) =>
        [.. node.Arr(path).Select(n => n!.GetValue<string>())];

    /// <summary>The element of an array whose <c>name</c> is <paramref name="name"/>.</summary>
    public static JsonObject Named(this JsonArray array, string name) =>
        array.OfType<JsonObject>().SingleOrDefault(o => o["name"]?.GetValue<string>() == name)
        ?? throw new Xunit.Sdk.XunitException($"no element named {name} in [{string.Join(", ", array.Select(o => o?["name"]))}]");

    private static string Describe(JsonNode node) =>
        node["kind"] is { } kind ? $"{kind} {node["metadata"]?["name"]}" : node.ToJsonString()[..Math.Min(200, node.ToJsonString().Length)];
}

using System.Text.Json.Nodes;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>The labels and annotations Helm puts on a chart template's objects.</summary>
internal static class HelmMetadata
{
    public const string Release = "shop";
    public const string Namespace = "shop";

    public static JsonObject Labels(string component) => new()
    {
        ["app.kubernetes.io/name"] = "storefront",
        ["app.kubernetes.io/instance"] = Release,
        ["app.kubernetes.io/version"] = "4.12.3",
        ["app.kubernetes.io/component"] = component,
        ["app.kubernetes.io/part-of"] = "shop",
        ["app.kubernetes.io/managed-by"] = "Helm",
        ["helm.sh/chart"] = "storefront-2.7.1",
    };

    public static JsonObject Annotations() => new()
    {
        ["meta.helm.sh/release-name"] = Release,
        ["meta.helm.sh/release-namespace"] = Namespace,
    };

    public static JsonObject Metadata(string name, string component, string? ns = Namespace)
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["labels"] = Labels(component),
            ["annotations"] = Annotations(),
        };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return metadata;
    }
}

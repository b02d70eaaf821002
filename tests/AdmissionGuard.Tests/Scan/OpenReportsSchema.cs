using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Testing;
using NJsonSchema;

namespace AdmissionGuard.Tests.Scan;

/// <summary>
/// The upstream OpenReports CRDs (../shared/reference/openreports/): a report is valid when it
/// passes the CRD's openAPIV3Schema and has no field the schema does not declare (the API
/// server prunes unknown fields of a structural schema silently, so such a field would be lost).
/// </summary>
internal static class OpenReportsSchema
{
    public static string Directory => Repository.Shared("reference", "openreports");

    public static JsonObject OpenApiSchema(string kind)
    {
        var file = kind == "ClusterReport" ? "openreports.io_clusterreports.yaml" : "openreports.io_reports.yaml";
        var crd = ManifestReader.Read(File.ReadAllText(Path.Combine(Directory, file)), file).Single(d => d.Content is not null).Content!;
        return crd["spec"]!["versions"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "v1alpha1")!["schema"]!["openAPIV3Schema"]!.AsObject();
    }

    /// <summary>Every problem with the report, empty when it is valid.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(JsonObject report)
    {
        var openApi = OpenApiSchema(report["kind"]!.GetValue<string>());
        var schema = await JsonSchema.FromJsonAsync(openApi.ToJsonString());
        var problems = schema.Validate(report.ToJsonString()).Select(e => $"{e.Path}: {e.Kind}").ToList();
        Undeclared(report, openApi, "$", problems);
        return problems;
    }

    private static void Undeclared(JsonNode? value, JsonObject schema, string path, List<string> problems)
    {
        switch (value)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var (key, child) in obj)
                {
                    if (properties[key] is JsonObject childSchema)
                    {
                        Undeclared(child, childSchema, $"{path}.{key}", problems);
                    }
                    else
                    {
                        problems.Add($"{path}.{key}: not in the schema, would be pruned");
                    }
                }

                break;
            case JsonObject obj when schema["additionalProperties"] is JsonObject valueSchema:
                foreach (var (key, child) in obj)
                {
                    Undeclared(child, valueSchema, $"{path}.{key}", problems);
                }

                break;
            case JsonArray array when schema["items"] is JsonObject itemSchema:
                for (var i = 0; i < array.Count; i++)
                {
                    Undeclared(array[i], itemSchema, $"{path}[{i}]", problems);
                }

                break;
        }
    }
}

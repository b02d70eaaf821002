using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdmissionGuard.Testing;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// The sample reviews of <c>examples/</c> against the built-in policies get the answers that
/// docs/server.md shows, so the documented curl session stays true.
/// </summary>
public sealed partial class ExamplesTests : ServerPerTest
{
    [Fact]
    public async Task A_Deployment_reading_a_ConfigMap_without_checksum_is_denied_as_documented()
    {
        var answer = JsonNode.Parse(await Server.ReviewAsync("/validate", Example("deployment-without-checksum.json")))!;

        var response = answer["response"]!;
        Assert.False((bool)response["allowed"]!);
        Assert.Equal(403, (int)response["status"]!["code"]!);
        Assert.StartsWith("[config-checksum] Deployment shop/web: ", (string?)response["status"]!["message"]);
        Assert.True(JsonNode.DeepEquals(DocumentedAnswers()[0], answer), "docs/server.md shows another denial:\n" + answer.ToJsonString());
    }

    [Fact]
    public async Task A_PVC_applied_by_Helm_gets_the_keep_annotation_as_documented()
    {
        var review = Example("pvc-applied-by-helm.json");
        var answer = JsonNode.Parse(await Server.ReviewAsync("/mutate", review))!;

        var patch = JsonSerializer.Deserialize<JsonPatchDocument>(Convert.FromBase64String((string)answer["response"]!["patch"]!))!;
        var obj = JsonNode.Parse(review)!["request"]!["object"]!.DeepClone().AsObject();
        patch.ApplyTo(obj);
        Assert.Equal("keep", (string?)obj["metadata"]!["annotations"]!["helm.sh/resource-policy"]);
        Assert.Equal("shop", (string?)obj["metadata"]!["annotations"]!["meta.helm.sh/release-name"]);
        Assert.True(JsonNode.DeepEquals(DocumentedAnswers()[1], answer), "docs/server.md shows another answer:\n" + answer.ToJsonString());
    }

    private static string Example(string name) => File.ReadAllText(Repository.Combine("examples", name), Encoding.UTF8);

    /// <summary>The ```json blocks of docs/server.md, in order: denial, mutation, decoded patch, log line.</summary>
    private static IReadOnlyList<JsonNode> DocumentedAnswers()
    {
        var doc = File.ReadAllText(Repository.Combine("docs", "server.md"));
        return JsonBlock().Matches(doc).Select(m => JsonNode.Parse(m.Groups[1].Value)!).ToArray();
    }

    [GeneratedRegex(@"```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}

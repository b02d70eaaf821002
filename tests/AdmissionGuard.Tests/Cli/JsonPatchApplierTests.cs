using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Patching;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace AdmissionGuard.Tests.Cli;

/// <summary>The patch applier (Core/Patching) that check --fix and post-render use gives what an independent RFC 6902 implementation gives.</summary>
public sealed class JsonPatchApplierTests
{
    private const string Document = """
        {"metadata":{"name":"x","annotations":{"a/b":"1","t~x":"2"}},"spec":{"list":[1,2,3]}}
        """;

    public static TheoryData<string, string, string> Operations() => new()
    {
        { "add", "/metadata/annotations/helm.sh~1resource-policy", "\"keep\"" },
        { "add", "/metadata/labels", "{\"app\":\"web\"}" },
        { "replace", "/metadata/annotations/a~1b", "\"changed\"" },
        { "replace", "/metadata/annotations/t~0x", "\"tilde\"" },
        { "add", "/spec/list/1", "9" },
        { "add", "/spec/list/-", "4" },
        { "replace", "/spec/list/0", "0" },
        { "add", "/spec/list/3", "{\"end\":true}" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Applies_an_operation_as_the_reference_implementation_does(string op, string path, string value)
    {
        var ours = JsonNode.Parse(Document)!;
        JsonPatchApplier.Apply(ours, [new JsonPatchOperation(op, path, JsonNode.Parse(value))]);

        var reference = JsonNode.Parse(Document)!.AsObject();
        var patch = JsonSerializer.Deserialize<JsonPatchDocument>($$"""[{"op":"{{op}}","path":"{{path}}","value":{{value}}}]""")!;
        patch.ApplyTo(reference);

        Assert.True(JsonNode.DeepEquals(reference, ours), $"reference {reference.ToJsonString()}\nours {ours.ToJsonString()}");
    }

    [Theory]
    [InlineData("replace", "/metadata/missing")]
    [InlineData("add", "/nothing/here")]
    [InlineData("add", "/spec/list/7")]
    [InlineData("remove", "/metadata/name")]
    [InlineData("add", "no-slash")]
    public void Refuses_an_operation_that_does_not_fit_the_document(string op, string path)
    {
        var doc = JsonNode.Parse(Document)!;

        Assert.Throws<JsonPatchException>(() => JsonPatchApplier.Apply(doc, [new JsonPatchOperation(op, path, JsonValue.Create("v"))]));
    }
}

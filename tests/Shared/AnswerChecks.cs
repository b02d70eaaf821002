using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdmissionGuard.Testing;

/// <summary>
/// What "a well-formed AdmissionReview answer" means, checked field by field, and an independent
/// reading of a request body (System.Text.Json's document, not the webhook's reader) to know which
/// uid and apiVersion the answer must echo.
/// </summary>
internal static partial class AnswerChecks
{
    private static readonly HashSet<string> PatchOps = ["add", "remove", "replace", "move", "copy", "test"];

    /// <summary>
    /// A string at a path of the body as an independent JSON reader sees it (the last of duplicate
    /// keys, as Go's encoding/json and the webhook keep it); null when the body or the path cannot be read.
    /// </summary>
    public static string? Readable(byte[] body, params string[] path)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
            var element = document.RootElement;
            foreach (var step in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
                {
                    return null;
                }
            }

            return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Asserts <paramref name="answer"/> is a complete answer in <paramref name="apiVersion"/>
    /// echoing <paramref name="uid"/>: allowed as a boolean, a status with code and message on
    /// denial, string warnings, audit annotation keys the API server accepts, and a JSON Patch
    /// only on a mutating answer (base64 of an array of RFC 6902 operations). Returns the response.
    /// </summary>
    public static JsonObject AssertWellFormed(ReadOnlySpan<byte> answer, string apiVersion, string uid, bool mutating, string context)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(answer)!.AsObject();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"{context}: the answer is not a JSON object: {e.Message}");
        }

        Assert.True(apiVersion == (string?)root["apiVersion"], $"{context}: apiVersion {root["apiVersion"]} instead of {apiVersion}");
        Assert.True("AdmissionReview" == (string?)root["kind"], $"{context}: kind {root["kind"]}");
        var response = root["response"] as JsonObject ?? throw new Xunit.Sdk.XunitException($"{context}: no response object");
        Assert.True(uid == (string?)response["uid"], $"{context}: uid not echoed");
        Assert.True(response["allowed"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False, $"{context}: allowed is not a boolean");

        if (!(bool)response["allowed"]!)
        {
            var status = response["status"] as JsonObject ?? throw new Xunit.Sdk.XunitException($"{context}: a denial without status");
            var code = (int)status["code"]!;
            Assert.True(code is >= 400 and < 500, $"{context}: denial code {code}");
            Assert.False(string.IsNullOrWhiteSpace((string?)status["message"]), $"{context}: denial without message");
        }

        if (response["warnings"] is { } warnings)
        {
            Assert.All(warnings.AsArray(), w => Assert.Equal(JsonValueKind.String, w!.GetValueKind()));
        }

        if (response["auditAnnotations"] is { } annotations)
        {
            foreach (var (key, value) in annotations.AsObject())
            {
                Assert.True(AnnotationKey().IsMatch(key), $"{context}: audit annotation key '{key}'");
                Assert.Equal(JsonValueKind.String, value!.GetValueKind());
            }
        }

        if (!mutating)
        {
            Assert.True(response["patch"] is null && response["patchType"] is null, $"{context}: a validating answer with a patch");
        }
        else if (response["patch"] is { } patch)
        {
            Assert.Equal("JSONPatch", (string?)response["patchType"]);
            var operations = JsonNode.Parse(Convert.FromBase64String((string)patch!))!.AsArray();
            Assert.NotEmpty(operations);
            foreach (var operation in operations)
            {
                Assert.Contains((string)operation!["op"]!, PatchOps);
                var pointer = (string)operation["path"]!;
                Assert.True(pointer.Length == 0 || pointer[0] == '/', $"{context}: patch path '{pointer}'");
            }
        }

        return response;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,63}$")]
    private static partial Regex AnnotationKey();
}

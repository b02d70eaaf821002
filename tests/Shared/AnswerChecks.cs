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
    /// keys, as Go's encoding/json and the webhook keep it); null when the body or the path cannot
    /// be read. A forward scan with no pooled buffers, so that measuring the server's memory in
    /// the same process is not blurred by the check itself.
    /// </summary>
    public static string? Readable(byte[] body, params string[] path)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });

            // For each open container: is it the one the path leads to at its depth?
            var onPath = new List<bool>();
            var matched = false;
            string? found = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var level = onPath.Count - 1;
                        matched = onPath[^1] && level < path.Length && reader.ValueTextEquals(path[level]);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var last = matched && onPath.Count == path.Length;
                        if (last)
                        {
                            found = null;
                        }

                        onPath.Add((onPath.Count == 0 || matched) && !last && reader.TokenType == JsonTokenType.StartObject);
                        matched = false;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        onPath.RemoveAt(onPath.Count - 1);
                        break;
                    default:
                        if (matched && onPath.Count == path.Length)
                        {
                            found = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        }

                        matched = false;
                        break;
                }
            }

            return found;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Asserts <paramref name="answer"/> is a complete answer in <paramref name="apiVersion"/>
    /// echoing <paramref name="uid"/> (either null: any supported version, any non-empty uid):
    /// allowed as a boolean, a status with code and message on denial, string warnings, audit
    /// annotation keys the API server accepts, and a JSON Patch only on a mutating answer (base64
    /// of an array of RFC 6902 operations). Returns the whole answer.
    /// </summary>
    public static JsonObject AssertWellFormed(ReadOnlySpan<byte> answer, string? apiVersion, string? uid, bool mutating, string context)
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

        var version = (string?)root["apiVersion"];
        Assert.True(apiVersion is null ? version is "admission.k8s.io/v1" or "admission.k8s.io/v1beta1" : apiVersion == version, $"{context}: apiVersion {version} instead of {apiVersion}");
        Assert.True("AdmissionReview" == (string?)root["kind"], $"{context}: kind {root["kind"]}");
        var response = root["response"] as JsonObject ?? throw new Xunit.Sdk.XunitException($"{context}: no response object");
        Assert.True(uid is null ? !string.IsNullOrEmpty((string?)response["uid"]) : uid == (string?)response["uid"], $"{context}: uid not echoed");
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

        return root;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,63}$")]
    private static partial Regex AnnotationKey();
}

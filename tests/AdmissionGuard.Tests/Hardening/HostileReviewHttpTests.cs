using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// Hostile shapes over HTTPS to the server with the built-in policies: each gets the status the
/// webhook promises for it, with a JSON error or a well-formed review.
/// </summary>
public sealed class HostileReviewHttpTests : IAsyncLifetime
{
    private const string Deployment = "config-checksum/deny.config-map-volume-without-checksum";
    private const string Pvc = "keep-stateful/mutate.helm-pvc-with-existing-annotations";

    private RunningServer server = null!;

    public async Task InitializeAsync() => server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("/validate", "{\"a\":", "}")]
    [InlineData("/mutate", "[", "]")]
    public async Task Nesting_100000_levels_deep_in_the_object_gets_400_malformed_json(string path, string open, string close)
    {
        var deep = string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000));
        var review = Json(Deployment).Replace("\"oldObject\":null", $"\"oldObject\":null,\"extra\":{deep}", StringComparison.Ordinal);

        var answer = await PostAsync(path, Encoding.UTF8.GetBytes(review));

        Assert.Equal(400, answer.Status);
        Assert.Equal("malformed_json", (string?)answer.Body["reason"]);
    }

    [Fact]
    public async Task A_uid_that_is_not_UTF8_gets_400_and_an_object_name_that_is_not_gets_a_denial()
    {
        var inUid = Damage(Json(Deployment, r => r["request"]!["uid"] = "MARK"));
        var inName = Damage(Json(Deployment, r => r["request"]!["object"]!["metadata"]!["name"] = "MARK"));

        var refused = await PostAsync("/validate", inUid);
        var denied = await PostAsync("/validate", inName);

        Assert.Equal(400, refused.Status);
        Assert.Equal("request.uid is not valid UTF-8 text", (string?)refused.Body["message"]);
        Assert.Equal(200, denied.Status);
        Assert.False((bool)denied.Body["response"]!["allowed"]!);
        Assert.Equal(400, (int)denied.Body["response"]!["status"]!["code"]!);

        static byte[] Damage(string json)
        {
            var bytes = Encoding.UTF8.GetBytes(json).ToList();
            var at = Encoding.UTF8.GetString(bytes.ToArray()).IndexOf("MARK", StringComparison.Ordinal);
            bytes.RemoveRange(at, 4);
            bytes.InsertRange(at, [0x77, 0xFF, 0xFE]);
            return [.. bytes];
        }
    }

    [Fact]
    public async Task Duplicate_uid_keys_are_answered_with_the_last_one()
    {
        var review = Json(Pvc);
        var request = review.IndexOf("\"request\":{", StringComparison.Ordinal) + "\"request\":{".Length;
        var twice = review.Insert(request, "\"uid\":\"the-first-uid\",");

        var answer = await PostAsync("/mutate", Encoding.UTF8.GetBytes(twice));

        Assert.Equal(200, answer.Status);
        Assert.Equal(RealReviews.Fixture(Pvc).Uid, (string?)answer.Body["response"]!["uid"]);
    }

    [Theory]
    [InlineData("/validate", Deployment)]
    [InlineData("/mutate", Pvc)]
    [InlineData("/validate", "no-plaintext-secrets/deny.secret-applied-by-helm")]
    public async Task An_object_without_metadata_is_answered(string path, string sample)
    {
        var review = Json(sample, r => r["request"]!["object"]!.AsObject().Remove("metadata"));

        var answer = await PostAsync(path, Encoding.UTF8.GetBytes(review));

        Assert.Equal(200, answer.Status);
    }

    [Theory]
    [InlineData("admission.k8s.io/v2")]
    [InlineData("admission.k8s.io/v1alpha1")]
    [InlineData("admission.k8s.io/V1")]
    public async Task An_unknown_AdmissionReview_version_gets_400_unsupported_version(string apiVersion)
    {
        var answer = await PostAsync("/validate", Encoding.UTF8.GetBytes(Json(Deployment, r => r["apiVersion"] = apiVersion)));

        Assert.Equal(400, answer.Status);
        Assert.Equal("unsupported_version", (string?)answer.Body["reason"]);
    }

    [Theory]
    [InlineData("/validate", Deployment, "apps", "v2", "Deployment")]
    [InlineData("/validate", Deployment, "batch", "v1", "Deployment")]
    [InlineData("/mutate", Pvc, "apps", "v1", "PersistentVolumeClaim")]
    [InlineData("/mutate", Pvc, "", "v2", "PersistentVolumeClaim")]
    public async Task A_kind_in_the_wrong_group_or_version_is_allowed_unchanged(string path, string sample, string group, string version, string kind)
    {
        var review = Json(sample, r => r["request"]!["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind });

        var answer = await PostAsync(path, Encoding.UTF8.GetBytes(review));

        Assert.Equal(200, answer.Status);
        var response = answer.Body["response"]!;
        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        Assert.Null(response["auditAnnotations"]);
    }

    private Task<(int Status, JsonObject Body)> PostAsync(string path, byte[] body) =>
        HttpInvariant.AnswerAsync(server.Client, path, body, path);

    private static string Json(string sample, Action<JsonNode>? change = null)
    {
        var review = RealReviews.Fixture(sample).Review.DeepClone();
        change?.Invoke(review);
        return review.ToJsonString();
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace AdmissionGuard.Tests.Server;

/// <summary>AdmissionReview round trips over real HTTPS, as the API server makes them.</summary>
public sealed class AdmissionProtocolTests() : ServerPerTest(policies: ConfigMapPolicies.Set())
{
    [Fact]
    public async Task Answers_a_v1_review_with_the_same_uid_as_a_v1_review()
    {
        var answer = JsonNode.Parse(await Server.ReviewAsync("/validate", Reviews.ConfigMap("0df28fbd-5f5f-11e8-9c2d-fa7ae01bbebc", new JsonObject { ["a"] = "b" })))!;

        Assert.Equal(Reviews.V1, (string?)answer["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)answer["kind"]);
        Assert.Equal("0df28fbd-5f5f-11e8-9c2d-fa7ae01bbebc", (string?)answer["response"]!["uid"]);
        Assert.True((bool)answer["response"]!["allowed"]!);
        Assert.Null(answer["response"]!["status"]);
    }

    [Fact]
    public async Task Answers_a_v1beta1_review_as_v1beta1()
    {
        var answer = JsonNode.Parse(await Server.ReviewAsync("/validate", Reviews.ConfigMap("beta-1", new JsonObject(), apiVersion: Reviews.V1Beta1)))!;

        Assert.Equal(Reviews.V1Beta1, (string?)answer["apiVersion"]);
        Assert.Equal("beta-1", (string?)answer["response"]!["uid"]);
    }

    [Fact]
    public async Task Denies_a_violation_with_code_403_reason_Forbidden_and_the_policy_message()
    {
        var response = Reviews.Response(await Server.ReviewAsync("/validate", Reviews.ConfigMap("deny-1", new JsonObject { ["forbidden"] = "x" })));

        Assert.False((bool)response["allowed"]!);
        var status = response["status"]!;
        Assert.Equal(403, (int)status["code"]!);
        Assert.Equal("Forbidden", (string?)status["reason"]);
        Assert.Equal(
            $"[forbidden-key] ConfigMap shop/settings: {ConfigMapPolicies.ViolationMessage} (at data.forbidden). Fix: remove the key",
            (string?)status["message"]);
        Assert.StartsWith("deny", (string?)response["auditAnnotations"]!["forbidden-key"]);
    }

    [Fact]
    public async Task Allows_with_a_warning_for_advice()
    {
        var response = Reviews.Response(await Server.ReviewAsync("/validate", Reviews.ConfigMap("warn-1", new JsonObject { ["note"] = "x" })));

        Assert.True((bool)response["allowed"]!);
        var warnings = response["warnings"]!.AsArray().Select(w => (string)w!).ToArray();
        Assert.Equal(new[] { $"[forbidden-key] {ConfigMapPolicies.AdviceSummary}" }, warnings);
    }

    [Fact]
    public async Task Mutation_answer_carries_a_base64_JSON_patch_that_applies_to_the_object()
    {
        var review = Reviews.ConfigMap("mutate-1", new JsonObject { ["a"] = "b" }, annotations: new JsonObject { ["team"] = "shop" });
        var response = Reviews.Response(await Server.ReviewAsync("/mutate", review));

        Assert.True((bool)response["allowed"]!);
        Assert.Equal("JSONPatch", (string?)response["patchType"]);
        var patchJson = Encoding.UTF8.GetString(Convert.FromBase64String((string)response["patch"]!));
        var patch = JsonSerializer.Deserialize<JsonPatchDocument>(patchJson)!;

        var obj = JsonNode.Parse(review)!["request"]!["object"]!.DeepClone().AsObject();
        patch.ApplyTo(obj);

        Assert.Equal("yes", (string?)obj["metadata"]!["annotations"]!["example.com/reviewed"]);
        Assert.Equal("shop", (string?)obj["metadata"]!["annotations"]!["team"]);
        Assert.Equal("b", (string?)obj["data"]!["a"]);
    }

    [Fact]
    public async Task Mutation_patch_creates_the_annotations_map_when_the_object_has_none()
    {
        var review = Reviews.ConfigMap("mutate-2", new JsonObject());
        var response = Reviews.Response(await Server.ReviewAsync("/mutate", review));

        var patch = JsonSerializer.Deserialize<JsonPatchDocument>(Convert.FromBase64String((string)response["patch"]!))!;
        var obj = JsonNode.Parse(review)!["request"]!["object"]!.DeepClone().AsObject();
        patch.ApplyTo(obj);

        Assert.Equal("yes", (string?)obj["metadata"]!["annotations"]!["example.com/reviewed"]);
    }

    [Fact]
    public async Task Validating_answer_never_carries_a_patch()
    {
        // The object lacks the annotation the mutating policy adds; /validate must not add it.
        var response = Reviews.Response(await Server.ReviewAsync("/validate", Reviews.ConfigMap("validate-1", new JsonObject())));

        Assert.Null(response["patch"]);
        Assert.Null(response["patchType"]);
    }

    [Fact]
    public async Task Dry_run_gets_exactly_the_answer_a_real_request_gets()
    {
        foreach (var (path, data) in new[]
        {
            ("/validate", new JsonObject { ["forbidden"] = "x", ["note"] = "y" }),
            ("/mutate", new JsonObject { ["a"] = "b" }),
        })
        {
            var real = await Server.ReviewAsync(path, Reviews.ConfigMap("same-uid", (JsonObject)data.DeepClone()));
            var dryRun = await Server.ReviewAsync(path, Reviews.ConfigMap("same-uid", (JsonObject)data.DeepClone(), dryRun: true));

            Assert.Equal(real, dryRun);
        }
    }

    [Fact]
    public async Task Allows_a_kind_no_policy_targets_without_evaluating_it()
    {
        var service = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "shop" } };
        var response = Reviews.Response(await Server.ReviewAsync("/validate", Reviews.Review("svc-1", Reviews.V1, "CREATE", false, service)));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["auditAnnotations"]);
    }

    [Fact]
    public async Task Allows_DELETE_without_evaluation()
    {
        var response = Reviews.Response(await Server.ReviewAsync("/validate", Reviews.ConfigMap("delete-1", new JsonObject { ["forbidden"] = "x" }, operation: "DELETE")));

        Assert.True((bool)response["allowed"]!);
    }

    [Fact]
    public async Task Speaks_HTTP2_when_the_client_asks_for_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(Reviews.ConfigMap("h2-1", new JsonObject()), Encoding.UTF8, "application/json"),
        };
        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("h2-1", (string?)Reviews.Response(await response.Content.ReadAsStringAsync())["uid"]);
    }

    [Fact]
    public async Task Keeps_an_HTTP11_connection_alive_across_reviews()
    {
        var connections = 0;
        using var client = Server.CreateAdmissionClient(handler =>
        {
            handler.MaxConnectionsPerServer = 1;
            handler.ConnectCallback = async (context, cancel) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            };
        });

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/validate", new StringContent(Reviews.ConfigMap($"ka-{i}", new JsonObject()), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpVersion.Version11, response.Version);
            Assert.Equal($"ka-{i}", (string?)Reviews.Response(await response.Content.ReadAsStringAsync())["uid"]);
        }

        Assert.Equal(1, connections);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Server;

/// <summary>Whatever a client sends, the answer is a 4xx with a short JSON body, never a 500 or a dropped connection.</summary>
public sealed class BadInputTests() : ServerPerTest(o => o with { MaxRequestBodyBytes = Limit }, ConfigMapPolicies.Set())
{
    private const long Limit = 6 * 1024 * 1024;

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/yaml")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task Refuses_a_body_that_is_not_JSON_with_415(string contentType)
    {
        using var response = await Server.PostAsync("/validate", Reviews.ConfigMap("u", new JsonObject()), contentType);

        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Refuses_a_review_without_content_type_with_415()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Reviews.ConfigMap("u", new JsonObject())));
        using var response = await Server.Client.PostAsync("/validate", content);

        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Accepts_application_json_with_a_UTF8_charset_in_any_case()
    {
        using var response = await Server.PostAsync("/validate", Reviews.ConfigMap("u", new JsonObject()), "Application/JSON; charset=UTF-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Refuses_a_body_declared_over_the_limit_with_413_before_reading_it()
    {
        // With Expect: 100-continue the client waits for the server before sending the body;
        // the server answers 413 without asking for it.
        using var content = new StringContent(Padded(Limit + 1), Encoding.UTF8, "application/json");

        await AssertRefusedAsTooLargeAsync(content, headers => headers.ExpectContinue = true);
    }

    [Fact]
    public async Task Refuses_a_chunked_body_over_the_limit_with_413()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Padded(Limit + 1))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await AssertRefusedAsTooLargeAsync(content, headers => headers.TransferEncodingChunked = true);
    }

    [Fact]
    public async Task Accepts_a_review_of_exactly_the_limit()
    {
        var body = Padded(Limit);
        Assert.Equal(Limit, Encoding.UTF8.GetByteCount(body));

        using var response = await Server.PostAsync("/validate", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("big", (string?)Reviews.Response(await response.Content.ReadAsStringAsync())["uid"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",")]
    [InlineData("not json at all")]
    [InlineData("{\"apiVersion\":\"admission.k8s.io/v1\"} trailing")]
    public async Task Refuses_malformed_JSON_with_400(string body)
    {
        using var response = await Server.PostAsync("/validate", body);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task Refuses_JSON_nested_deeper_than_the_limit_with_400()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300);
        var review = Reviews.ConfigMap("deep", new JsonObject { ["x"] = "PLACEHOLDER" }).Replace("\"PLACEHOLDER\"", deep);

        using var response = await Server.PostAsync("/validate", review);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task Refuses_a_review_without_request_uid_with_400()
    {
        var review = JsonNode.Parse(Reviews.ConfigMap("u", new JsonObject()))!;
        review["request"]!.AsObject().Remove("uid");

        using var response = await Server.PostAsync("/validate", review.ToJsonString());

        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_review");
        Assert.Equal("request.uid is missing", (string?)body["message"]);
    }

    [Theory]
    [InlineData("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}", "request is missing")]
    [InlineData("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":[]}", "request must be an object")]
    [InlineData("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":42}}", "request.uid must be a string")]
    [InlineData("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Pod\",\"request\":{\"uid\":\"u\"}}", "kind must be AdmissionReview")]
    [InlineData("[1,2]", "the body must be a JSON object (an AdmissionReview)")]
    public async Task Refuses_a_review_of_the_wrong_shape_with_400_and_says_why(string body, string message)
    {
        using var response = await Server.PostAsync("/validate", body);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_review");
        Assert.Equal(message, (string?)error["message"]);
    }

    [Fact]
    public async Task Refuses_an_unknown_AdmissionReview_version_with_400()
    {
        using var response = await Server.PostAsync("/validate", Reviews.ConfigMap("u", new JsonObject(), apiVersion: "admission.k8s.io/v2"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "unsupported_version");
    }

    [Fact]
    public async Task Refuses_GET_on_an_admission_endpoint_with_405_and_names_POST()
    {
        using var response = await Server.Client.GetAsync("/mutate");

        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Answers_an_unknown_path_with_404()
    {
        using var response = await Server.PostAsync("/admit", Reviews.ConfigMap("u", new JsonObject()));

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Health_port_does_not_answer_reviews_and_admission_port_does_not_expose_metrics()
    {
        using var onHealth = await Server.Health.PostAsync("/validate", new StringContent(Reviews.ConfigMap("u", new JsonObject()), Encoding.UTF8, "application/json"));
        using var onAdmission = await Server.Client.GetAsync("/metrics");

        await AssertErrorAsync(onHealth, HttpStatusCode.NotFound, "not_found");
        await AssertErrorAsync(onAdmission, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Counts_each_refusal_by_endpoint_and_reason()
    {
        using (await Server.PostAsync("/validate", "{", "application/json"))
        using (await Server.PostAsync("/mutate", "{}", "text/plain"))
        {
        }

        Assert.Equal(1, await Server.MetricAsync("admission_guard_http_errors_total{endpoint=\"validate\",reason=\"malformed_json\"}"));
        Assert.Equal(1, await Server.MetricAsync("admission_guard_http_errors_total{endpoint=\"mutate\",reason=\"unsupported_media_type\"}"));
        Assert.Equal(0, await Server.MetricAsync("admission_guard_http_errors_total{endpoint=\"validate\",reason=\"internal_error\"}"));
    }

    /// <summary>A valid review whose object carries padding so that the whole body is <paramref name="size"/> bytes.</summary>
    private static string Padded(long size)
    {
        var template = Reviews.ConfigMap("big", new JsonObject { ["pad"] = "" });
        var pad = new string('x', (int)(size - Encoding.UTF8.GetByteCount(template)));
        return template.Replace("\"pad\":\"\"", $"\"pad\":\"{pad}\"");
    }

    /// <summary>Posts <paramref name="content"/> to /validate, framed by the headers <paramref name="frame"/> sets, and expects 413 body_too_large.</summary>
    private async Task AssertRefusedAsTooLargeAsync(HttpContent content, Action<HttpRequestHeaders> frame)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate") { Content = content };
        frame(request.Headers);
        using var response = await Server.Client.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    private static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int)body["status"]!);
        Assert.Equal(reason, (string?)body["reason"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["message"]));
        return body;
    }
}

using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Patching;

// Namespace without .Admission: that name would shadow AdmissionGuard.Core.Admission in sibling test folders.
namespace AdmissionGuard.Core.Tests;

public sealed class AdmissionReviewCodecTests
{
    private const string Object = """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"data":{"password":"aHVudGVyMg=="}}""";
    private const string OldObject = """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"}}""";

    private static readonly string Full = $$$"""
        {
          "request": {
            "uid": "u-\u0031",
            "kind": {"group": "", "version": "v1", "kind": "Secret"},
            "resource": {"group": "", "version": "v1", "resource": "secrets"},
            "subResource": "status",
            "requestKind": {"group": "", "version": "v1", "kind": "Secret"},
            "name": "db",
            "namespace": "shop",
            "operation": "UPDATE",
            "userInfo": {"username": "system:serviceaccount:flux-system:kustomize-controller", "uid": "x", "groups": ["system:serviceaccounts", "system:authenticated"], "extra": {"a": ["b"]}},
            "object": {{{Object}}},
            "oldObject": {{{OldObject}}},
            "dryRun": true,
            "options": {"kind": "UpdateOptions", "fieldManager": "kustomize-controller"},
            "unknownField": [1, {"deep": [true]}]
          },
          "kind": "AdmissionReview",
          "apiVersion": "admission.k8s.io/v1beta1"
        }
        """;

    [Fact]
    public void Reads_every_request_field_whatever_the_property_order()
    {
        var review = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(Full));
        var r = review.Request;

        Assert.Equal(AdmissionReviewVersion.V1Beta1, review.Version);
        Assert.Equal("u-1", r.Uid);
        Assert.Equal(new GroupVersionKind("", "v1", "Secret"), r.Kind);
        Assert.Equal("secrets", r.Resource);
        Assert.Equal("status", r.SubResource);
        Assert.Equal("shop", r.Namespace);
        Assert.Equal("db", r.Name);
        Assert.Equal(Operation.Update, r.Operation);
        Assert.Equal("system:serviceaccount:flux-system:kustomize-controller", r.UserInfo.Username);
        Assert.Equal(["system:serviceaccounts", "system:authenticated"], r.UserInfo.Groups);
        Assert.True(r.DryRun);
        Assert.Equal("kustomize-controller", r.FieldManager);
    }

    [Fact]
    public void Keeps_object_and_old_object_as_the_exact_bytes_of_the_body()
    {
        var review = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(Full));

        Assert.Equal(Object, Encoding.UTF8.GetString(review.Request.ObjectJson.Span));
        Assert.Equal(OldObject, Encoding.UTF8.GetString(review.Request.OldObjectJson.Span));
        Assert.Equal("db", review.Request.Object!.Metadata.Name);
    }

    [Fact]
    public void A_null_object_reads_as_none()
    {
        var review = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"version":"v1","kind":"Pod"},"operation":"DELETE","object":null}}"""));

        Assert.True(review.Request.ObjectJson.IsEmpty);
        Assert.Null(review.Request.Object);
        Assert.Same(UserInfo.Anonymous, review.Request.UserInfo);
    }

    [Theory]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"version":"v1","kind":"Pod"},"operation":"CREATE","object":{"a":}}}""", AdmissionReviewError.MalformedJson)]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"version":"v1","kind":"Pod"},"operation":"CREATE","object":"text"}}""", AdmissionReviewError.InvalidReview)]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"version":"v1","kind":"Pod"},"operation":"PATCH"}}""", AdmissionReviewError.InvalidReview)]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE"}}""", AdmissionReviewError.InvalidReview)]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"version":"v1","kind":"Pod"},"operation":"CREATE","dryRun":"yes"}}""", AdmissionReviewError.InvalidReview)]
    [InlineData("""{"apiVersion":"v1","kind":"AdmissionReview","request":{"uid":"u"}}""", AdmissionReviewError.UnsupportedVersion)]
    public void Refuses_what_it_cannot_answer_with_a_category(string body, object error)
    {
        var e = Assert.Throws<AdmissionReviewException>(() => AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(body)));

        Assert.Equal((AdmissionReviewError)error, e.Error);
        Assert.DoesNotContain("text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_a_denial_with_status_and_no_patch_even_when_the_answer_has_one()
    {
        var decision = new AdmissionAnswer
        {
            Allowed = false,
            StatusCode = 403,
            Message = "[p] Deployment shop/web: \"quoted\" <fix>",
            Warnings = ["w1"],
            AuditAnnotations = new Dictionary<string, string> { ["p"] = "deny: x" },
        };

        var json = JsonNode.Parse(AdmissionReviewWriter.ToBytes(AdmissionReviewVersion.V1, "u", decision, PolicyType.Validating))!;

        var response = json["response"]!;
        Assert.Equal("admission.k8s.io/v1", (string?)json["apiVersion"]);
        Assert.False((bool)response["allowed"]!);
        Assert.Equal(403, (int)response["status"]!["code"]!);
        Assert.Equal("Forbidden", (string?)response["status"]!["reason"]);
        Assert.Equal(decision.Message, (string?)response["status"]!["message"]);
        Assert.Equal("w1", (string?)response["warnings"]![0]);
        Assert.Equal("deny: x", (string?)response["auditAnnotations"]!["p"]);
        Assert.Null(response["patch"]);
    }

    [Fact]
    public void Writes_a_patch_only_for_an_allowed_mutating_answer()
    {
        var decision = new AdmissionAnswer
        {
            Allowed = true,
            Patch = [JsonPatchOperation.Add(JsonPointer.Of("metadata", "annotations", "helm.sh/resource-policy"), JsonValue.Create("keep"))],
        };

        var mutating = JsonNode.Parse(AdmissionReviewWriter.ToBytes(AdmissionReviewVersion.V1Beta1, "u", decision, PolicyType.Mutating))!["response"]!;
        var validating = JsonNode.Parse(AdmissionReviewWriter.ToBytes(AdmissionReviewVersion.V1Beta1, "u", decision, PolicyType.Validating))!["response"]!;

        Assert.Equal("JSONPatch", (string?)mutating["patchType"]);
        Assert.Equal(
            """[{"op":"add","path":"/metadata/annotations/helm.sh~1resource-policy","value":"keep"}]""",
            Encoding.UTF8.GetString(Convert.FromBase64String((string)mutating["patch"]!)));
        Assert.Null(validating["patch"]);
        Assert.Null(validating["patchType"]);
        Assert.Null(mutating["warnings"]);
        Assert.Null(mutating["status"]);
    }
}

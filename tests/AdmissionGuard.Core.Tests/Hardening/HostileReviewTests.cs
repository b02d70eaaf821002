using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Testing;
using static AdmissionGuard.Core.Tests.Hardening.ReviewInvariant;

namespace AdmissionGuard.Core.Tests.Hardening;

/// <summary>
/// Input no API server sends but anyone who reaches the port can: extreme nesting, huge values,
/// text that is not UTF-8, duplicate keys, objects without metadata, unknown versions and kinds
/// in the wrong group. Each is refused as a bad review or answered, never thrown.
/// </summary>
public sealed class HostileReviewTests
{
    private const string Deployment = "config-checksum/deny.config-map-volume-without-checksum";
    private const string Secret = "no-plaintext-secrets/deny.secret-applied-by-helm";

    [Theory]
    [InlineData("object", "{\"a\":", "}")]
    [InlineData("array", "[", "]")]
    [InlineData("mixed", "{\"a\":[", "]}")]
    public void Nesting_100000_levels_deep_anywhere_is_refused_as_malformed(string shape, string open, string close)
    {
        var deep = Nest(open, close, 100_000);
        foreach (var (where, body) in Placements(deep))
        {
            var e = Assert.Throws<AdmissionReviewException>(() => AdmissionReviewReader.Read(body));

            // A body that is an array is refused by its first token, before its depth is seen;
            // anywhere inside the body, the depth is seen first (the whole body is parsed once).
            var expected = open[0] == '[' && where is "the body" ? AdmissionReviewError.InvalidReview : AdmissionReviewError.MalformedJson;
            Assert.True(e.Error == expected, $"{shape} in {where}: {e.Error}");
        }
    }

    [Fact]
    public void Nesting_just_under_the_limit_inside_the_object_is_answered()
    {
        // The envelope and object take 6 levels; the rest of the 256 goes to the value.
        var deep = Nest("{\"a\":", "}", AdmissionReviewReader.MaxDepth - 6);
        var review = Review(Secret, r => r["request"]!["object"]!["metadata"]!["labels"] = JsonNode.Parse("{}"));
        var body = Encoding.UTF8.GetBytes(review.Replace("\"labels\":{}", $"\"labels\":{{}},\"x\":{deep}", StringComparison.Ordinal));

        Assert.Equal(Outcome.Answered, Check(body, "deep but within the limit"));
    }

    [Fact]
    public void A_string_of_5_MB_in_a_ConfigMap_with_a_key_at_its_end_is_answered_and_denied()
    {
        var sample = RealReviews.Fixture("no-plaintext-secrets/deny.configmap-rsa-private-key");
        var review = sample.Review.DeepClone();
        var data = review["request"]!["object"]!["data"]!.AsObject();
        var key = (string)data["tls.key"]!;
        data["tls.key"] = new string('x', 5_000_000) + "\n" + key;

        var answer = Answer(review, PolicyType.Validating);

        Assert.False(answer.Allowed);
        Assert.Contains("private key", answer.Answer().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_strings_in_every_envelope_field_are_answered_and_the_uid_echoed_whole()
    {
        var huge = new string('u', 1_000_000);
        var review = JsonNode.Parse(Review(Deployment))!;
        var request = review["request"]!;
        request["uid"] = huge;
        request["name"] = huge;
        request["namespace"] = huge;
        request["userInfo"]!["username"] = huge;
        request["options"]!["fieldManager"] = huge;
        request["object"]!["metadata"]!["name"] = huge;

        Assert.Equal(Outcome.Answered, Check(Bytes(review), "huge envelope strings"));
    }

    [Fact]
    public void Huge_arrays_are_answered()
    {
        var review = JsonNode.Parse(Review("no-plaintext-secrets/deny.env-literal-password-in-deployment"))!;
        var request = review["request"]!;
        request["userInfo"]!["groups"] = new JsonArray(Enumerable.Range(0, 200_000).Select(i => (JsonNode?)$"group-{i}").ToArray());
        var container = request["object"]!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["env"] = new JsonArray(Enumerable.Range(0, 50_000)
            .Select(i => (JsonNode?)new JsonObject { ["name"] = $"VAR_{i}", ["value"] = $"value-{i}" }).ToArray());
        request["object"]!["data"] = new JsonArray(Enumerable.Range(0, 200_000).Select(i => (JsonNode?)i).ToArray());

        Assert.Equal(Outcome.Answered, Check(Bytes(review), "huge arrays"));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_in_any_string_are_refused_or_answered()
    {
        var body = Encoding.UTF8.GetBytes(Review(Secret));
        var outcomes = new Dictionary<Outcome, int> { [Outcome.Refused] = 0, [Outcome.Answered] = 0 };
        foreach (var position in StringContentPositions(body))
        {
            foreach (var invalid in ReviewMutations.InvalidUtf8)
            {
                var damaged = body[..position].Concat(invalid).Concat(body[position..]).ToArray();
                outcomes[Check(damaged, $"{Convert.ToHexString(invalid)} at {position}")]++;
            }
        }

        // Envelope strings are decoded and refused; strings inside the object reach the engine.
        Assert.True(outcomes[Outcome.Refused] > 0 && outcomes[Outcome.Answered] > 0, string.Join(", ", outcomes));
    }

    [Theory]
    [InlineData("uid")]
    [InlineData("namespace")]
    [InlineData("name")]
    public void A_request_field_that_is_not_UTF8_is_refused_as_malformed_naming_the_field(string field)
    {
        var review = Review(Deployment, r => r["request"]![field] = "MARK");
        var body = Encoding.UTF8.GetBytes(review).ToList();
        var at = IndexOf(body, "MARK"u8.ToArray());
        body.RemoveRange(at, 4);
        body.InsertRange(at, [0xC3, 0x28]);

        var e = Assert.Throws<AdmissionReviewException>(() => AdmissionReviewReader.Read(body.ToArray()));

        Assert.Equal(AdmissionReviewError.MalformedJson, e.Error);
        Assert.Equal($"request.{field} is not valid UTF-8 text", e.Message);
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_the_uid_is_refused_and_in_the_object_is_answered()
    {
        var inUid = Review(Deployment, r => r["request"]!["uid"] = "MARK").Replace("MARK", "\\ud800", StringComparison.Ordinal);
        var inObject = Review(Deployment, r => r["request"]!["object"]!["metadata"]!["name"] = "MARK").Replace("MARK", "web\\udc00", StringComparison.Ordinal);

        Assert.Equal(Outcome.Refused, Check(Encoding.UTF8.GetBytes(inUid), "lone surrogate in uid"));
        Assert.Equal(Outcome.Answered, Check(Encoding.UTF8.GetBytes(inObject), "lone surrogate in the object"));
    }

    [Fact]
    public void Duplicate_keys_are_read_last_one_wins_as_the_API_server_reads_them()
    {
        var twice = WithFirstMembers(Review(Deployment), "request", "\"uid\":\"first\",\"operation\":\"DELETE\",");

        var read = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(twice));

        Assert.Equal(RealReviews.Fixture(Deployment).Uid, read.Request.Uid);
        Assert.Equal(Operation.Create, read.Request.Operation);
        Assert.Equal(Outcome.Answered, Check(Encoding.UTF8.GetBytes(twice), "duplicate uid and operation"));
    }

    [Fact]
    public void Duplicate_keys_inside_the_object_are_judged_on_the_last_value()
    {
        // The first type is one the policy exempts; the last, Opaque, is the one Go's decoder keeps.
        var twice = WithFirstMembers(Review(Secret), "object", "\"type\":\"kubernetes.io/service-account-token\",");

        var answer = Answer(twice, PolicyType.Validating);

        Assert.False(answer.Allowed);
        Assert.Equal(403, answer.Answer().StatusCode);
    }

    [Fact]
    public void An_object_without_metadata_or_with_null_metadata_is_answered_for_every_sample()
    {
        foreach (var name in FuzzSamples.Names)
        {
            foreach (var metadata in new JsonNode?[] { null, JsonValue.Create("none") })
            {
                var review = JsonNode.Parse(Review(name))!;
                var obj = review["request"]!["object"]!.AsObject();
                if (metadata is null)
                {
                    obj.Remove("metadata");
                }
                else
                {
                    obj["metadata"] = metadata;
                }

                Assert.Equal(Outcome.Answered, Check(Bytes(review), $"{name} without metadata ({metadata})"));
            }
        }
    }

    [Theory]
    [InlineData("admission.k8s.io/v2")]
    [InlineData("admission.k8s.io/v1alpha1")]
    [InlineData("Admission.k8s.io/v1")]
    [InlineData("admission.k8s.io/V1")]
    [InlineData("v1")]
    [InlineData("")]
    public void An_unknown_AdmissionReview_version_is_refused_as_unsupported(string apiVersion)
    {
        var review = Review(Deployment, r => r["apiVersion"] = apiVersion);

        var e = Assert.Throws<AdmissionReviewException>(() => AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(review)));

        Assert.Equal(AdmissionReviewError.UnsupportedVersion, e.Error);
    }

    [Theory]
    [InlineData("apps", "v2", "Deployment")]
    [InlineData("batch", "v1", "Deployment")]
    [InlineData("", "v1", "Deployment")]
    [InlineData("extensions", "v1beta1", "Deployment")]
    [InlineData("apps", "v1", "deployment")]
    [InlineData("apps", "v1", "Secret")]
    public void A_kind_in_the_wrong_group_or_version_is_allowed_without_evaluation(string group, string version, string kind)
    {
        var review = Review(Deployment, r => r["request"]!["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind });
        var read = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(review));

        foreach (var type in new[] { PolicyType.Validating, PolicyType.Mutating })
        {
            var decision = DefaultEngine.Evaluate(read.Request, type);
            Assert.True(decision.Allowed);
            Assert.Empty(decision.Results);
            Assert.False(decision.Evaluated);
        }
    }

    [Fact]
    public void A_null_item_in_a_typed_list_is_a_400_denial_naming_the_kind()
    {
        foreach (var path in new[] { "containers", "volumes" })
        {
            var review = JsonNode.Parse(Review(Deployment))!;
            review["request"]!["object"]!["spec"]!["template"]!["spec"]![path]!.AsArray().Add(null);

            var answer = Answer(review, PolicyType.Validating);

            Assert.False(answer.Allowed);
            Assert.Equal(400, answer.Answer().StatusCode);
            Assert.Contains("apps/v1/Deployment", answer.Answer().Message, StringComparison.Ordinal);
        }
    }

    private static AdmissionDecision Answer(JsonNode review, PolicyType type) => Answer(review.ToJsonString(), type);

    private static AdmissionDecision Answer(string review, PolicyType type)
    {
        var body = Encoding.UTF8.GetBytes(review);
        Assert.Equal(Outcome.Answered, Check(body, "answer"));
        return DefaultEngine.Evaluate(AdmissionReviewReader.Read(body).Request, type);
    }

    private static string Review(string sample, Action<JsonNode>? change = null)
    {
        var review = RealReviews.Fixture(sample).Review.DeepClone();
        change?.Invoke(review);
        return review.ToJsonString();
    }

    /// <summary>The review's JSON text with <paramref name="members"/> written first into the object under <paramref name="key"/> (its first occurrence).</summary>
    private static string WithFirstMembers(string review, string key, string members)
    {
        var opening = $"\"{key}\":{{";
        return review.Insert(review.IndexOf(opening, StringComparison.Ordinal) + opening.Length, members);
    }

    private static byte[] Bytes(JsonNode review) => Encoding.UTF8.GetBytes(review.ToJsonString());

    private static string Nest(string open, string close, int depth)
    {
        var text = new StringBuilder(depth * (open.Length + close.Length) + 1);
        text.Insert(0, open, depth).Append('1').Insert(text.Length, close, depth);
        return text.ToString();
    }

    /// <summary>A deep value as the whole body, as the object, in an unknown envelope field, in userInfo.extra, and as oldObject.</summary>
    private static IEnumerable<(string Where, byte[] Body)> Placements(string deep)
    {
        var review = Review(Deployment, r =>
        {
            r["extra"] = "DEEP";
            r["request"]!["userInfo"]!["extra"] = "DEEP";
        });
        yield return ("the body", Encoding.UTF8.GetBytes(deep));
        yield return ("an unknown field", Encoding.UTF8.GetBytes(review.Replace("\"extra\":\"DEEP\"", $"\"extra\":{deep}", StringComparison.Ordinal)));
        var obj = review.IndexOf("\"object\":", StringComparison.Ordinal);
        yield return ("the object", Encoding.UTF8.GetBytes(review[..obj] + $"\"object\":{{\"x\":{deep}}},\"ignored\":" + review[(obj + "\"object\":".Length)..]));
        yield return ("oldObject", Encoding.UTF8.GetBytes(review.Replace("\"oldObject\":null", $"\"oldObject\":{deep}", StringComparison.Ordinal)));
    }

    /// <summary>Byte offsets just inside every JSON string of the body (keys and values), found with the reader.</summary>
    private static IEnumerable<int> StringContentPositions(byte[] body)
    {
        var positions = new List<int>();
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                positions.Add((int)reader.TokenStartIndex + 1);
            }
        }

        return positions;
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            if (haystack.GetRange(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("marker not found");
    }
}

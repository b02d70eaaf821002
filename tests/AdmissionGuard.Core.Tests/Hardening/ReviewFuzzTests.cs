using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Testing;
using static AdmissionGuard.Core.Tests.Hardening.ReviewInvariant;

namespace AdmissionGuard.Core.Tests.Hardening;

/// <summary>
/// Damaged real reviews through the reader, both webhooks and the writer: each is refused as a
/// bad review or answered with a well-formed review echoing its uid; nothing throws. The seeds are
/// fixed, so a failure names its case and replays exactly.
/// </summary>
public sealed class ReviewFuzzTests
{
    private static readonly int[] Seeds = [1, 2, 3, 5, 8, 13, 21, 34];

    private const int CasesPerSeed = 250;

    [Theory]
    [MemberData(nameof(FuzzSamples.All), MemberType = typeof(FuzzSamples))]
    public void Randomly_damaged_reviews_are_refused_or_answered_never_thrown(string sample)
    {
        var body = FuzzSamples.Body(sample);
        var counts = new Dictionary<Outcome, int> { [Outcome.Refused] = 0, [Outcome.Answered] = 0 };

        foreach (var seed in Seeds)
        {
            foreach (var damaged in ReviewMutations.Random(body, seed, CasesPerSeed))
            {
                counts[Check(damaged.Body, $"{sample}, {damaged.What}")]++;
            }
        }

        // Both paths were exercised: damage the reader tolerates (inside strings, unknown fields) and damage it refuses.
        Assert.True(counts[Outcome.Refused] > 0 && counts[Outcome.Answered] > 0, $"refused {counts[Outcome.Refused]}, answered {counts[Outcome.Answered]}");
    }

    [Theory]
    [MemberData(nameof(FuzzSamples.All), MemberType = typeof(FuzzSamples))]
    public void A_review_cut_off_at_any_byte_is_refused(string sample)
    {
        var body = FuzzSamples.Body(sample);

        foreach (var truncated in ReviewMutations.Truncations(body))
        {
            Assert.Equal(Outcome.Refused, Check(truncated.Body, $"{sample}, {truncated.What}"));
        }

        Assert.Equal(Outcome.Answered, Check(body, $"{sample}, whole"));
    }

    [Theory]
    [MemberData(nameof(FuzzSamples.All), MemberType = typeof(FuzzSamples))]
    public void Every_field_replaced_by_null_or_a_value_of_another_type_is_refused_or_answered(string sample)
    {
        var review = RealReviews.Fixture(sample).Review;
        var answered = 0;
        var refused = 0;

        foreach (var damaged in ReviewMutations.WrongTypes(review))
        {
            if (Check(damaged.Body, $"{sample}, {damaged.What}") == Outcome.Answered)
            {
                answered++;
            }
            else
            {
                refused++;
            }
        }

        Assert.True(answered > 0 && refused > 0, $"refused {refused}, answered {answered}");
    }

    [Fact]
    public void Every_field_of_every_fixture_replaced_by_null_or_another_type_is_refused_or_answered()
    {
        foreach (var sample in RealReviews.Fixtures())
        {
            foreach (var damaged in ReviewMutations.WrongTypes(sample.Review))
            {
                Check(damaged.Body, $"{sample.Name}, {damaged.What}");
            }
        }
    }

    [Fact]
    public void Every_fixture_as_a_review_is_answered_by_both_webhooks()
    {
        foreach (var sample in RealReviews.Fixtures())
        {
            Assert.Equal(Outcome.Answered, Check(Encoding.UTF8.GetBytes(sample.Json), sample.Name));
        }
    }

    [Fact]
    public void Envelope_fields_of_the_wrong_type_are_refused_with_a_reason_naming_the_field()
    {
        var review = RealReviews.Fixture(FuzzSamples.Names[0]).Review;
        string[] fields = ["uid", "kind", "operation", "userInfo", "options", "dryRun", "namespace", "name", "object"];
        foreach (var field in fields)
        {
            var copy = review.DeepClone();
            copy["request"]![field] = new JsonArray(1, 2);
            var e = Assert.Throws<Admission.AdmissionReviewException>(() => Admission.AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(copy.ToJsonString())));
            Assert.Contains($"request.{field}", e.Message);
        }
    }
}

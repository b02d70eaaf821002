using System.Buffers;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// The webhook's one answer path: read the review, evaluate it, build the answer, write it. The
/// endpoint, the warm-up, and the tests that compare answers byte for byte all answer through it,
/// so what they check is what the server sends.
/// </summary>
internal static class ReviewResponder
{
    /// <summary>Evaluates a review read by <see cref="AdmissionReviewReader"/> and writes its answer to <paramref name="output"/>.</summary>
    /// <returns>The decision and the answer, for the decision line and the metrics.</returns>
    public static (AdmissionDecision Decision, AdmissionAnswer Answer) Respond(PolicyEngine engine, AdmissionReview review, PolicyType type, IBufferWriter<byte> output)
    {
        var decision = engine.Evaluate(review.Request, type);
        var answer = AdmissionAnswer.For(decision);
        AdmissionReviewWriter.Write(output, review.Version, review.Request.Uid, answer, type);
        return (decision, answer);
    }

    /// <summary>
    /// Reads <paramref name="body"/> and returns the answer the server writes for it, byte for byte;
    /// throws <see cref="AdmissionReviewException"/> when the server would refuse the body.
    /// </summary>
    public static byte[] Respond(PolicyEngine engine, ReadOnlyMemory<byte> body, PolicyType type)
    {
        var review = AdmissionReviewReader.Read(body);
        using var request = review.Request;
        var output = new ArrayBufferWriter<byte>(512);
        Respond(engine, review, type, output);
        return output.WrittenSpan.ToArray();
    }
}

using System.Buffers;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Hardening;

/// <summary>
/// The webhook's promise for any body, checked without HTTP: the reader refuses it with an
/// <see cref="AdmissionReviewException"/> (which the server answers 400), or both webhooks answer
/// it with a well-formed review that echoes the uid. Any other exception is a failure.
/// </summary>
internal static class ReviewInvariant
{
    public enum Outcome
    {
        Refused,
        Answered,
    }

    /// <summary>The built-in policies, as <c>serve</c> runs them without <c>--policies</c>.</summary>
    public static PolicyEngine DefaultEngine { get; } =
        new(PolicyLoader.LoadDefaults().Policies ?? throw new InvalidOperationException("built-in policies do not load"));

    public static Outcome Check(byte[] body, string context, PolicyEngine? engine = null)
    {
        engine ??= DefaultEngine;
        AdmissionReview review;
        try
        {
            review = AdmissionReviewReader.Read(body);
        }
        catch (AdmissionReviewException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{context}: a refusal without a reason");
            return Outcome.Refused;
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{context}: the reader threw {e.GetType().Name} instead of refusing: {e.Message}");
        }

        if (AnswerChecks.Readable(body, "request", "uid") is { } uid)
        {
            Assert.True(uid == review.Request.Uid, $"{context}: read uid differs from the body's");
        }

        foreach (var type in new[] { PolicyType.Validating, PolicyType.Mutating })
        {
            byte[] answer;
            try
            {
                var output = new ArrayBufferWriter<byte>(512);
                ReviewResponder.Respond(engine, review, type, output);
                answer = output.WrittenSpan.ToArray();
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{context}: {type} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }

            AnswerChecks.AssertWellFormed(answer, review.Version.ToApiVersion(), review.Request.Uid, type == PolicyType.Mutating, context);
        }

        return Outcome.Answered;
    }
}

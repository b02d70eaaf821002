
namespace AdmissionGuard.Core.Tests;

/// <summary>What the webhook answers for a decision: the tests read messages, warnings and annotations through it.</summary>
internal static class DecisionAnswers
{
    public static AdmissionAnswer Answer(this AdmissionDecision decision) => AdmissionAnswer.For(decision);
}

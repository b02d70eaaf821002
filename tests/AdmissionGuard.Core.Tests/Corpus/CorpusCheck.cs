using System.Text;
using AdmissionGuard.Core.Patching;
using AdmissionGuard.Core.Tests.Fixtures;

namespace AdmissionGuard.Core.Tests.Corpus;

/// <summary>One assertion on a <see cref="CorpusReview"/>, named by what it checks (the name shows in the row's failure).</summary>
internal sealed record CorpusCheck(string Says, Action<CorpusReview> Check)
{
    public override string ToString() => Says;

    public static CorpusCheck DenialContains(string text) =>
        new($"the denial contains \"{text}\"", r => Assert.Contains(text, r.Validating.Answer().Message));

    public static CorpusCheck DenialLacks(string text) =>
        new($"the denial lacks \"{text}\"", r => Assert.DoesNotContain(text, r.Validating.Answer().Message));

    public static CorpusCheck DenialUnder4KB { get; } =
        new("the denial is under 4 KB", r => Assert.True(Encoding.UTF8.GetByteCount(r.Validating.Answer().Message) < FindingText.MaxMessageLength, "denial over 4 KB"));

    public static CorpusCheck Allowed { get; } =
        new("the validating webhook allows it", r => Assert.True(r.Validating.Allowed));

    public static CorpusCheck NoValidatingWarning { get; } =
        new("the validating answer has no warning", r => Assert.Empty(r.Validating.Answer().Warnings));

    public static CorpusCheck Patch(string json) =>
        new($"the patch is {json}", r => Assert.Equal(json, Encoding.UTF8.GetString(JsonPatchWriter.ToJson(r.Mutating.Patch))));

    public static CorpusCheck NoPatch { get; } =
        new("no patch", r => Assert.Empty(r.Mutating.Patch));

    public static CorpusCheck MutationWarnings(params string[] warnings) =>
        new($"the mutating answer warns {string.Join(" | ", warnings)}", r => Assert.Equal(warnings, r.Mutating.Answer().Warnings));

    public static CorpusCheck NoMutationWarning { get; } =
        new("the mutating answer has no warning", r => Assert.Empty(r.Mutating.Answer().Warnings));

    /// <summary>The object is a Secret with values, and no value (nor its base64) shows anywhere in the validating decision.</summary>
    public static CorpusCheck NoSecretValueShown(string where) =>
        new($"no value of {where} shows", r =>
        {
            var text = DecisionText.All(r.Validating);
            var values = DecisionText.SecretValues(r.Object).ToList();
            Assert.NotEmpty(values);
            foreach (var value in values)
            {
                DecisionText.AssertAbsent(text, value, where);
            }
        });

    public static CorpusCheck DecisionLacks(string text) =>
        new($"the validating decision nowhere shows \"{text}\"", r => Assert.DoesNotContain(text, DecisionText.All(r.Validating), StringComparison.Ordinal));
}

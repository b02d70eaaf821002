using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Patching;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace AdmissionGuard.Core.Tests.Fixtures;

/// <summary>Runs every fixture under Fixtures/&lt;policy-id&gt;/ (see Fixtures/README.md).</summary>
public sealed class PolicyFixtureTests
{
    [Theory]
    [MemberData(nameof(PolicyFixture.All), MemberType = typeof(PolicyFixture))]
    public void Policy_gives_the_expected_result(string fixturePath)
    {
        var fixture = PolicyFixture.Load(fixturePath);
        var engine = fixture.BuildEngine();
        var type = fixture.Descriptor.Type;
        var decision = engine.Evaluate(fixture.BuildRequest(fixture.Object, fixture.OldObject), type);

        var result = Assert.Single(decision.Results);
        Assert.Equal(fixture.ExpectedResult, result.Result.ToWire());
        Assert.Equal(fixture.PolicyId, result.PolicyId);
        Assert.All(result.Verdicts.Select(v => v.Finding), f => Assert.Equal(fixture.PolicyId, f.PolicyId));

        var findingText = string.Join('\n', result.Verdicts.Select(v => v.Finding).Select(f => $"{f.Message}\n{f.Path}\n{f.Fix}")) + "\n" + decision.Answer().Message;
        foreach (var expected in fixture.Strings("expect", "messages"))
        {
            Assert.Contains(expected, findingText, StringComparison.Ordinal);
        }

        foreach (var expected in fixture.Strings("expect", "warnings"))
        {
            Assert.Contains(decision.Answer().Warnings, w => w.Contains(expected, StringComparison.Ordinal));
        }

        var everything = findingText + "\n" + string.Join('\n', decision.Answer().Warnings) + "\n" + string.Join('\n', result.Verdicts.Select(v => v.Finding).Select(f => f.Summary));
        foreach (var unexpected in fixture.Strings("expect", "absent"))
        {
            Assert.DoesNotContain(unexpected, everything, StringComparison.Ordinal);
        }

        Assert.Equal(fixture.ExpectedResult == "deny", !decision.Allowed);
        if (type == PolicyType.Validating)
        {
            Assert.Empty(decision.Patch);
        }

        AssertNoSecretLeaks(fixture, decision);

        if (fixture.ExpectedResult == "mutate")
        {
            AssertPatchAppliesAndIsIdempotent(fixture, engine, decision);
        }
        else
        {
            Assert.Empty(decision.Patch);
        }
    }

    [Theory]
    [MemberData(nameof(PolicyFixture.All), MemberType = typeof(PolicyFixture))]
    public void Dry_run_gets_the_identical_decision(string fixturePath)
    {
        var fixture = PolicyFixture.Load(fixturePath);
        var engine = fixture.BuildEngine();
        var type = fixture.Descriptor.Type;
        var real = engine.Evaluate(fixture.BuildRequest(fixture.Object, fixture.OldObject), type);
        var request = fixture.BuildRequest(fixture.Object, fixture.OldObject);
        var dry = engine.Evaluate(request.With(dryRun: !request.DryRun), type);

        Assert.Equal(real.Allowed, dry.Allowed);
        Assert.Equal(real.Answer().Message, dry.Answer().Message);
        Assert.Equal(real.Answer().Warnings, dry.Answer().Warnings);
        Assert.Equal(JsonPatchWriter.ToJson(real.Patch), JsonPatchWriter.ToJson(dry.Patch));
    }

    private static void AssertNoSecretLeaks(PolicyFixture fixture, AdmissionDecision decision)
    {
        var text = DecisionText.All(decision);
        var secrets = fixture.Strings("expect", "secretValues")
            .Concat(DecisionText.SecretValues(fixture.Object))
            .Concat(fixture.OldObject is null ? [] : DecisionText.SecretValues(fixture.OldObject));
        foreach (var secret in secrets)
        {
            DecisionText.AssertAbsent(text, secret, fixture.ToString());
        }
    }

    private static void AssertPatchAppliesAndIsIdempotent(PolicyFixture fixture, PolicyEngine engine, AdmissionDecision decision)
    {
        Assert.NotEmpty(decision.Patch);
        var patch = JsonSerializer.Deserialize<JsonPatchDocument>(JsonPatchWriter.ToJson(decision.Patch))!;
        var patched = fixture.Object.DeepClone();
        patch.ApplyTo(patched);

        if (fixture.Mutated is { } expected)
        {
            Assert.True(JsonNode.DeepEquals(expected, patched), $"patched object differs from 'mutated':\n{patched.ToJsonString()}");
        }

        var second = engine.Evaluate(fixture.BuildRequest((JsonObject)patched, fixture.OldObject), fixture.Descriptor.Type);
        Assert.Empty(second.Patch);
    }
}

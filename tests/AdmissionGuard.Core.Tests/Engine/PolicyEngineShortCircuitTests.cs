using AdmissionGuard.Core.Policies;
using static AdmissionGuard.Core.Tests.Engine.EngineHarness;

namespace AdmissionGuard.Core.Tests.Engine;

/// <summary>
/// docs/engine.md: DELETE, CONNECT, subresources and untargeted kinds are allowed without reading the
/// object. Each request here carries an object that is not JSON at all: reading it would fail.
/// </summary>
public sealed class PolicyEngineShortCircuitTests
{
    private const string NotJson = "{ this is not JSON";

    private static readonly PolicyEngine Engine = NewEngine(Bind(new LabelPolicy("label-check", "bad")), Bind(new AnnotatePolicy()));

    public static TheoryData<string, object, string, string> Requests() => new()
    {
        { "DELETE", Operation.Delete, string.Empty, "v1/ConfigMap" },
        { "CONNECT", Operation.Connect, string.Empty, "v1/ConfigMap" },
        { "status subresource", Operation.Update, "status", "v1/ConfigMap" },
        { "scale subresource", Operation.Update, "scale", "v1/ConfigMap" },
        { "untargeted kind", Operation.Create, string.Empty, "v1/Service" },
        { "untargeted version", Operation.Create, string.Empty, "v2/ConfigMap" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Allows_without_parsing_the_object(string what, object operation, string subResource, string kind)
    {
        GroupVersionKind.TryParse(kind, out var gvk);
        foreach (var type in new[] { PolicyType.Validating, PolicyType.Mutating })
        {
            var request = Request(NotJson, (Operation)operation, oldObject: NotJson, kind: gvk, subResource: subResource);

            var decision = Engine.Evaluate(request, type);

            Assert.True(decision.Allowed, what);
            Assert.False(decision.Evaluated, what);
            Assert.Empty(decision.Patch);
            Assert.Empty(decision.Results);
        }
    }

    [Fact]
    public void Parses_the_same_object_for_a_targeted_create_and_rejects_it_as_malformed()
    {
        var decision = Engine.Evaluate(Request(NotJson), PolicyType.Validating);

        Assert.False(decision.Allowed);
        Assert.True(decision.Evaluated);
        Assert.Equal(400, decision.Answer().StatusCode);
    }

    [Fact]
    public void Knows_which_kinds_it_targets_per_webhook()
    {
        Assert.True(Engine.Targets(KnownKinds.ConfigMap, PolicyType.Validating));
        Assert.True(Engine.Targets(KnownKinds.ConfigMap, PolicyType.Mutating));
        Assert.False(Engine.Targets(KnownKinds.Secret, PolicyType.Validating));
    }
}

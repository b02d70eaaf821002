using AdmissionGuard.Core.Policies;
using static AdmissionGuard.Core.Tests.Engine.EngineHarness;

namespace AdmissionGuard.Core.Tests.Engine;

/// <summary>A malformed object is a 400 denial that names the problem, never an exception.</summary>
public sealed class PolicyEngineMalformedTests
{
    public static TheoryData<string, string> MalformedObjects() => new()
    {
        { "not JSON", "{\"metadata\": " },
        { "a JSON array", "[1, 2]" },
        { "a JSON string", "\"configmap\"" },
        { "labels that are a string", """{"metadata":{"name":"x","labels":"bad"}}""" },
        { "a name that is a number", """{"metadata":{"name":42}}""" },
        { "annotations with a number value", """{"metadata":{"name":"x","annotations":{"a":1}}}""" },
        { "a bad creation timestamp", """{"metadata":{"name":"x","creationTimestamp":"yesterday"}}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedObjects))]
    public void Denies_a_malformed_object_with_400_in_both_webhooks(string what, string obj)
    {
        var engine = NewEngine(Bind(new LabelPolicy("label-check", "bad")), Bind(new AnnotatePolicy()));
        foreach (var type in new[] { PolicyType.Validating, PolicyType.Mutating })
        {
            var decision = engine.Evaluate(Request(obj), type);

            Assert.False(decision.Allowed, what);
            Assert.Equal(400, decision.Answer().StatusCode);
            Assert.StartsWith("admission-guard: cannot evaluate v1/ConfigMap", decision.Answer().Message);
            Assert.Empty(decision.Patch);
        }
    }

    [Fact]
    public void Denies_a_missing_object_with_400()
    {
        var decision = NewEngine(Bind(new LabelPolicy("label-check", "bad"))).Evaluate(Request(null), PolicyType.Validating);

        Assert.False(decision.Allowed);
        Assert.Equal(400, decision.Answer().StatusCode);
    }

    [Fact]
    public void Denies_with_400_when_a_policy_meets_a_malformed_pod_template()
    {
        var deployment = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"team-a"},"spec":{"template":{"spec":{"containers":"app"}}}}""";
        var engine = NewEngine(Bind(new PodTemplatePolicy(), kind: KnownKinds.Deployment));

        var decision = engine.Evaluate(Request(deployment, kind: KnownKinds.Deployment, name: "web"), PolicyType.Validating);

        Assert.False(decision.Allowed);
        Assert.Equal(400, decision.Answer().StatusCode);
        Assert.Contains("[pod-template] Deployment team-a/web", decision.Answer().Message);
        Assert.Equal(PolicyResultKind.Error, Assert.Single(decision.Results).Result);
    }

    [Fact]
    public void Allows_an_update_whose_old_object_is_malformed_by_judging_only_the_new_one()
    {
        var engine = NewEngine(Bind(new LabelPolicy("label-check", "bad"), allowExistingViolations: true));

        var decision = engine.Evaluate(Request(ConfigMap(), Operation.Update, oldObject: "{ nope"), PolicyType.Validating);

        Assert.True(decision.Allowed);
    }
}

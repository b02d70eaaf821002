using static AdmissionGuard.Core.Tests.Engine.EngineHarness;

namespace AdmissionGuard.Core.Tests.Engine;

/// <summary>docs/engine.md: UPDATE judges the new object; allowExistingViolations lets an old violation through with a warning.</summary>
public sealed class PolicyEngineUpdateTests
{
    private static readonly string Violating = ConfigMap(labels: """{"bad":"1"}""");
    private static readonly string Clean = ConfigMap();

    [Fact]
    public void Allows_an_update_whose_old_object_already_violated_with_a_warning()
    {
        var engine = NewEngine(Bind(new LabelPolicy("label-check", "bad"), allowExistingViolations: true));

        var decision = engine.Evaluate(Request(Violating, Operation.Update, oldObject: Violating), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.Contains("[label-check] ConfigMap team-a/settings carries bad (finding 0)", decision.Answer().Warnings);
        Assert.Contains(decision.Answer().Warnings, w => w.Contains("existing violation allowed"));
        Assert.StartsWith("warn: ", decision.Answer().AuditAnnotations["label-check"]);
    }

    [Fact]
    public void Denies_an_update_that_introduces_the_violation()
    {
        var engine = NewEngine(Bind(new LabelPolicy("label-check", "bad"), allowExistingViolations: true));

        var decision = engine.Evaluate(Request(Violating, Operation.Update, oldObject: Clean), PolicyType.Validating);

        Assert.False(decision.Allowed);
        Assert.Equal(403, decision.Answer().StatusCode);
    }

    [Fact]
    public void Denies_an_update_of_an_old_violation_when_the_policy_does_not_allow_existing_violations()
    {
        var engine = NewEngine(Bind(new LabelPolicy("label-check", "bad")));

        var decision = engine.Evaluate(Request(Violating, Operation.Update, oldObject: Violating), PolicyType.Validating);

        Assert.False(decision.Allowed);
    }

    [Fact]
    public void Still_denies_a_create_when_existing_violations_are_allowed()
    {
        var engine = NewEngine(Bind(new LabelPolicy("label-check", "bad"), allowExistingViolations: true));

        Assert.False(engine.Evaluate(Request(Violating), PolicyType.Validating).Allowed);
    }

    [Fact]
    public void Judges_the_new_object_on_update_so_fixing_it_passes()
    {
        var engine = NewEngine(Bind(new LabelPolicy("label-check", "bad")));

        var decision = engine.Evaluate(Request(Clean, Operation.Update, oldObject: Violating), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.Equal(PolicyResultKind.Pass, Assert.Single(decision.Results).Result);
    }

    [Fact]
    public void Keeps_an_allowed_existing_violation_out_of_the_warnings_when_the_action_is_audit()
    {
        var engine = NewEngine(Bind(new LabelPolicy("label-check", "bad"), PolicyAction.Audit, allowExistingViolations: true));

        var decision = engine.Evaluate(Request(Violating, Operation.Update, oldObject: Violating), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Answer().Warnings);
        Assert.StartsWith("audit: ", decision.Answer().AuditAnnotations["label-check"]);
    }
}

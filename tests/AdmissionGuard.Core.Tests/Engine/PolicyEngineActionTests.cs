using AdmissionGuard.Core.Patching;
using static AdmissionGuard.Core.Tests.Engine.EngineHarness;

namespace AdmissionGuard.Core.Tests.Engine;

/// <summary>docs/engine.md: enforce, warn, audit and off, for validations and mutations.</summary>
public sealed class PolicyEngineActionTests
{
    private static readonly string Violating = ConfigMap(labels: """{"bad":"1"}""");

    [Fact]
    public void Enforce_denies_a_violation_with_403_and_names_policy_object_path_and_fix()
    {
        var decision = NewEngine(Bind(new LabelPolicy("label-check", "bad"))).Evaluate(Request(Violating), PolicyType.Validating);

        Assert.False(decision.Allowed);
        Assert.Equal(403, decision.Answer().StatusCode);
        Assert.Equal("[label-check] ConfigMap team-a/settings: the object carries the label bad (finding 0) (at metadata.labels.bad). Fix: remove the label bad", decision.Answer().Message);
        Assert.Equal("deny", decision.Answer().AuditAnnotations["label-check"].Split(':')[0]);
        Assert.Equal(PolicyResultKind.Deny, Assert.Single(decision.Results).Result);
    }

    [Fact]
    public void Enforce_allows_a_clean_object_and_records_pass()
    {
        var decision = NewEngine(Bind(new LabelPolicy("label-check", "bad"))).Evaluate(Request(ConfigMap()), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.True(decision.Evaluated);
        Assert.Empty(decision.Answer().Warnings);
        Assert.Equal("pass", decision.Answer().AuditAnnotations["label-check"]);
    }

    [Fact]
    public void Warn_allows_with_one_warning_per_finding()
    {
        var decision = NewEngine(Bind(new LabelPolicy("label-check", "bad"), PolicyAction.Warn))
            .Evaluate(Request(ConfigMap(labels: """{"bad":"3"}""")), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.Equal(
            [
                "[label-check] ConfigMap team-a/settings carries bad (finding 0)",
                "[label-check] ConfigMap team-a/settings carries bad (finding 1)",
                "[label-check] ConfigMap team-a/settings carries bad (finding 2)",
            ],
            decision.Answer().Warnings);
        Assert.StartsWith("warn: ", decision.Answer().AuditAnnotations["label-check"]);
    }

    [Fact]
    public void Audit_allows_silently_and_records_only_in_the_audit_annotation()
    {
        var decision = NewEngine(Bind(new LabelPolicy("label-check", "bad"), PolicyAction.Audit)).Evaluate(Request(Violating), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Answer().Warnings);
        Assert.Equal(string.Empty, decision.Answer().Message);
        Assert.Equal("audit: ConfigMap team-a/settings carries bad (finding 0)", decision.Answer().AuditAnnotations["label-check"]);
        Assert.Equal(PolicyResultKind.Audit, Assert.Single(decision.Results).Result);
    }

    [Fact]
    public void Off_does_not_evaluate_the_policy_at_all()
    {
        var policy = new LabelPolicy("label-check", "bad");
        var decision = NewEngine(Bind(policy, PolicyAction.Off)).Evaluate(Request(Violating), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.False(decision.Evaluated);
        Assert.Empty(decision.Results);
        Assert.Empty(decision.Answer().AuditAnnotations);
        Assert.Equal(0, policy.Evaluations);
    }

    [Fact]
    public void Advice_never_denies_even_under_enforce()
    {
        var decision = NewEngine(Bind(new LabelPolicy("label-check", "bad"))).Evaluate(Request(ConfigMap(labels: """{"bad":"advice"}""")), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.Equal("[label-check] ConfigMap team-a/settings carries bad (finding 0)", Assert.Single(decision.Answer().Warnings));
    }

    [Fact]
    public void Enforce_on_a_mutation_returns_the_patch()
    {
        var decision = NewEngine(Bind(new AnnotatePolicy())).Evaluate(Request(ConfigMap()), PolicyType.Mutating);

        Assert.True(decision.Allowed);
        var op = Assert.Single(decision.Patch);
        Assert.Equal(("add", "/metadata/annotations/example.com~1touched"), (op.Op, op.Path));
        Assert.Equal(PolicyResultKind.Mutate, Assert.Single(decision.Results).Result);
    }

    [Fact]
    public void Warn_on_a_mutation_only_says_what_it_would_add()
    {
        var decision = NewEngine(Bind(new AnnotatePolicy(), PolicyAction.Warn)).Evaluate(Request(ConfigMap()), PolicyType.Mutating);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Patch);
        Assert.Equal("[annotate] ConfigMap team-a/settings: adds example.com/touched: yes", Assert.Single(decision.Answer().Warnings));
    }

    [Fact]
    public void Warn_on_a_mutation_that_describes_nothing_still_names_the_change()
    {
        var decision = NewEngine(Bind(new AnnotatePolicy(describePatch: false), PolicyAction.Warn)).Evaluate(Request(ConfigMap()), PolicyType.Mutating);

        Assert.Empty(decision.Patch);
        var warning = Assert.Single(decision.Answer().Warnings);
        Assert.StartsWith("[annotate] ", warning);
        Assert.Contains("would add /metadata/annotations/example.com~1touched", warning);
    }

    [Fact]
    public void Audit_on_a_mutation_neither_patches_nor_warns()
    {
        var decision = NewEngine(Bind(new AnnotatePolicy(), PolicyAction.Audit)).Evaluate(Request(ConfigMap()), PolicyType.Mutating);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Patch);
        Assert.Empty(decision.Answer().Warnings);
        Assert.StartsWith("audit: ", decision.Answer().AuditAnnotations["annotate"]);
    }

    [Fact]
    public void A_validating_decision_never_carries_a_patch()
    {
        var policy = new LabelPolicy("label-check", "bad") { AlsoReturnsPatch = true };
        foreach (var action in new[] { PolicyAction.Enforce, PolicyAction.Warn, PolicyAction.Audit })
        {
            var engine = NewEngine(Bind(policy, action));
            Assert.Empty(engine.Evaluate(Request(ConfigMap(labels: """{"bad":"advice"}""")), PolicyType.Validating).Patch);
            Assert.Empty(engine.Evaluate(Request(Violating), PolicyType.Validating).Patch);
        }
    }

    [Fact]
    public void A_mutating_policy_does_not_run_in_the_validating_webhook_nor_the_reverse()
    {
        var engine = NewEngine(Bind(new AnnotatePolicy()), Bind(new LabelPolicy("label-check", "bad")));

        var validating = engine.Evaluate(Request(Violating), PolicyType.Validating);
        var mutating = engine.Evaluate(Request(Violating), PolicyType.Mutating);

        Assert.Equal(["label-check"], validating.Results.Select(r => r.PolicyId));
        Assert.Empty(validating.Patch);
        Assert.Equal(["annotate"], mutating.Results.Select(r => r.PolicyId));
        Assert.True(mutating.Allowed);
        Assert.Single(mutating.Patch);
    }

    [Fact]
    public void Dry_run_gets_exactly_the_decision_and_patch_of_a_real_request()
    {
        var engine = NewEngine(Bind(new LabelPolicy("label-check", "bad")), Bind(new LabelPolicy("label-warn", "meh"), PolicyAction.Warn), Bind(new AnnotatePolicy()));
        var obj = ConfigMap(labels: """{"bad":"2","meh":"1"}""");
        foreach (var type in new[] { PolicyType.Validating, PolicyType.Mutating })
        {
            var real = engine.Evaluate(Request(obj), type);
            var dryRun = engine.Evaluate(Request(obj, dryRun: true), type);

            Assert.Equal(real.Allowed, dryRun.Allowed);
            Assert.Equal(real.Answer().StatusCode, dryRun.Answer().StatusCode);
            Assert.Equal(real.Answer().Message, dryRun.Answer().Message);
            Assert.Equal(real.Answer().Warnings, dryRun.Answer().Warnings);
            Assert.Equal(real.Answer().AuditAnnotations, dryRun.Answer().AuditAnnotations);
            Assert.Equal(JsonPatchWriter.ToJson(real.Patch), JsonPatchWriter.ToJson(dryRun.Patch));
            Assert.Equal(real.Results.Select(r => r.Result), dryRun.Results.Select(r => r.Result));
        }
    }
}

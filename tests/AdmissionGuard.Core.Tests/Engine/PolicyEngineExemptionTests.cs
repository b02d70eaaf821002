using static AdmissionGuard.Core.Tests.Engine.EngineHarness;

namespace AdmissionGuard.Core.Tests.Engine;

/// <summary>docs/engine.md: admin exclusions from the policy files, and the object's own exemption annotation.</summary>
public sealed class PolicyEngineExemptionTests
{
    private static readonly string Violating = ConfigMap(labels: """{"bad":"1"}""", name: "legacy-settings");

    /// <summary>Each exclusion, by what it names, with a user it excludes.</summary>
    private static readonly Dictionary<string, (Exclusions Exclude, UserInfo User)> Matching = new()
    {
        ["namespace team-a"] = (new Exclusions { Namespaces = new HashSet<string> { "team-a" } }, Alice),
        ["name legacy-*"] = (new Exclusions { Names = [new Glob("other"), new Glob("legacy-*")] }, Alice),
        ["user"] = (new Exclusions { Users = new HashSet<string> { "alice" } }, Alice),
        ["group platform-admins"] = (new Exclusions { Groups = new HashSet<string> { "platform-admins" } }, new UserInfo("bob", ["system:authenticated", "platform-admins"])),
        ["service account ci/deployer"] = (new Exclusions { ServiceAccounts = new HashSet<string> { "ci/deployer" } }, new UserInfo("system:serviceaccount:ci:deployer", ["system:serviceaccounts"])),
    };

    public static TheoryData<string> MatchingExclusions() => new(Matching.Keys);

    private static UserInfo Alice => new("alice", ["system:authenticated"]);

    [Theory]
    [MemberData(nameof(MatchingExclusions))]
    public void Skips_a_policy_for_an_excluded_request_without_evaluating_it(string reason)
    {
        var (exclude, user) = Matching[reason];
        var policy = new LabelPolicy("label-check", "bad");
        var engine = NewEngine(Bind(policy, exclude: exclude));

        var decision = engine.Evaluate(Request(Violating, name: "legacy-settings", user: user), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Answer().Warnings);
        Assert.Equal(0, policy.Evaluations);
        var result = Assert.Single(decision.Results);
        Assert.Equal(PolicyResultKind.Excluded, result.Result);
        Assert.Equal(reason, result.Reason);
        Assert.Equal($"excluded: {reason}", decision.Answer().AuditAnnotations["label-check"]);
    }

    [Fact]
    public void Does_not_skip_a_request_that_no_exclusion_matches()
    {
        var exclude = new Exclusions
        {
            Namespaces = new HashSet<string> { "team-b" },
            Names = [new Glob("legacy")],
            Users = new HashSet<string> { "bob" },
            Groups = new HashSet<string> { "platform-admins" },
            ServiceAccounts = new HashSet<string> { "alice/x" },
        };
        var decision = NewEngine(Bind(new LabelPolicy("label-check", "bad"), exclude: exclude))
            .Evaluate(Request(Violating, name: "legacy-settings"), PolicyType.Validating);

        Assert.False(decision.Allowed);
    }

    [Fact]
    public void Honours_the_exemption_annotation_where_the_policy_allows_it_and_reports_it()
    {
        var policy = new LabelPolicy("label-check", "bad");
        var obj = ConfigMap(labels: """{"bad":"1"}""", annotations: """{"admission-guard.io/exempt":"other-policy, label-check"}""");

        var decision = NewEngine(Bind(policy, allowObjectExemption: true)).Evaluate(Request(obj), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.Equal(0, policy.Evaluations);
        Assert.Equal(PolicyResultKind.Exempt, Assert.Single(decision.Results).Result);
        var warning = Assert.Single(decision.Answer().Warnings);
        Assert.StartsWith("[label-check] ConfigMap team-a/settings exempted by annotation admission-guard.io/exempt", warning);
        Assert.StartsWith("exempt: ", decision.Answer().AuditAnnotations["label-check"]);
    }

    [Fact]
    public void Reports_an_honoured_exemption_even_when_the_action_is_audit()
    {
        var obj = ConfigMap(labels: """{"bad":"1"}""", annotations: """{"admission-guard.io/exempt":"label-check"}""");

        var decision = NewEngine(Bind(new LabelPolicy("label-check", "bad"), PolicyAction.Audit, allowObjectExemption: true)).Evaluate(Request(obj), PolicyType.Validating);

        Assert.Single(decision.Answer().Warnings);
        Assert.StartsWith("exempt: ", decision.Answer().AuditAnnotations["label-check"]);
    }

    [Fact]
    public void Ignores_the_exemption_annotation_where_the_policy_does_not_allow_it_and_says_so()
    {
        var obj = ConfigMap(labels: """{"bad":"1"}""", annotations: """{"admission-guard.io/exempt":"label-check"}""");

        var decision = NewEngine(Bind(new LabelPolicy("label-check", "bad"))).Evaluate(Request(obj), PolicyType.Validating);

        Assert.False(decision.Allowed);
        Assert.Contains(decision.Answer().Warnings, w => w.StartsWith("[label-check] admission-guard.io/exempt ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Exempts_only_the_policies_the_annotation_names()
    {
        var obj = ConfigMap(labels: """{"bad":"1","worse":"1"}""", annotations: """{"admission-guard.io/exempt":"label-check"}""");
        var engine = NewEngine(
            Bind(new LabelPolicy("label-check", "bad"), allowObjectExemption: true),
            Bind(new LabelPolicy("other-check", "worse"), allowObjectExemption: true));

        var decision = engine.Evaluate(Request(obj), PolicyType.Validating);

        Assert.False(decision.Allowed);
        Assert.DoesNotContain("[label-check]", decision.Answer().Message);
        Assert.Contains("[other-check]", decision.Answer().Message);
    }

    [Fact]
    public void An_exempted_mutation_adds_no_patch()
    {
        var obj = ConfigMap(annotations: """{"admission-guard.io/exempt":"annotate"}""");

        var decision = NewEngine(Bind(new AnnotatePolicy(), allowObjectExemption: true)).Evaluate(Request(obj), PolicyType.Mutating);

        Assert.Empty(decision.Patch);
        Assert.Single(decision.Answer().Warnings);
    }
}

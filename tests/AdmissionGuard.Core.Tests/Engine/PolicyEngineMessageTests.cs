using System.Text;
using System.Text.RegularExpressions;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Policies;
using static AdmissionGuard.Core.Tests.Engine.EngineHarness;

namespace AdmissionGuard.Core.Tests.Engine;

/// <summary>docs/engine.md: one denial under 4 KB naming every violated policy; short warnings; audit annotation keys the API server accepts.</summary>
public sealed partial class PolicyEngineMessageTests
{
    private const int FourKilobytes = 4096;

    [Fact]
    public void Lists_every_violated_policy_in_one_denial_message()
    {
        var engine = NewEngine(
            Bind(new LabelPolicy("check-a", "a")),
            Bind(new LabelPolicy("check-b", "b")),
            Bind(new LabelPolicy("check-c", "c")),
            Bind(new LabelPolicy("check-d", "d")));

        var decision = engine.Evaluate(Request(ConfigMap(labels: """{"a":"1","b":"2","d":"1"}""")), PolicyType.Validating);

        Assert.False(decision.Allowed);
        var lines = decision.Answer().Message.Split('\n');
        Assert.Equal(["[check-a]", "[check-b]", "[check-b]", "[check-d]"], lines.Select(l => l.Split(' ')[0]));
        Assert.DoesNotContain("check-c", decision.Answer().Message);
    }

    [Fact]
    public void Keeps_the_denial_under_4_KB_with_hundreds_of_findings_and_still_names_every_violated_policy()
    {
        var engine = NewEngine(
            Bind(new LabelPolicy("check-a", "a", messagePadding: 200)),
            Bind(new LabelPolicy("check-b", "b", messagePadding: 200)),
            Bind(new LabelPolicy("check-c", "c", messagePadding: 200)));

        var decision = engine.Evaluate(Request(ConfigMap(labels: """{"a":"400","b":"300","c":"1"}""")), PolicyType.Validating);

        Assert.False(decision.Allowed);
        Assert.InRange(Encoding.UTF8.GetByteCount(decision.Answer().Message), 1, FourKilobytes - 1);
        Assert.Contains("[check-a]", decision.Answer().Message);
        Assert.Contains("[check-b]", decision.Answer().Message);
        Assert.Contains("[check-c]", decision.Answer().Message);
        Assert.EndsWith("more finding(s)", decision.Answer().Message);
    }

    [Fact]
    public void Keeps_the_denial_under_4_KB_when_one_finding_alone_is_longer()
    {
        var engine = NewEngine(Bind(new LabelPolicy("check-a", "a", messagePadding: 20_000)), Bind(new LabelPolicy("check-b", "b")));

        var decision = engine.Evaluate(Request(ConfigMap(labels: """{"a":"1","b":"1"}""")), PolicyType.Validating);

        Assert.InRange(Encoding.UTF8.GetByteCount(decision.Answer().Message), 1, FourKilobytes - 1);
        Assert.StartsWith("[check-a] ConfigMap team-a/settings: the object carries the label a", decision.Answer().Message);
        Assert.Contains("[check-b]", decision.Answer().Message);
    }

    [Fact]
    public void Keeps_the_denial_under_4_KB_with_hundreds_of_violated_policies()
    {
        var bindings = Enumerable.Range(0, 300).Select(i => Bind(new LabelPolicy($"check-{i:D3}", "bad"))).ToArray();

        var decision = NewEngine(bindings).Evaluate(Request(ConfigMap(labels: """{"bad":"2"}""")), PolicyType.Validating);

        Assert.False(decision.Allowed);
        Assert.InRange(Encoding.UTF8.GetByteCount(decision.Answer().Message), 1, FourKilobytes - 1);
        Assert.StartsWith("[check-000]", decision.Answer().Message);
    }

    [Fact]
    public void Gives_one_short_warning_per_finding_within_the_api_server_limits()
    {
        var engine = NewEngine(Bind(new LabelPolicy("check-a", "a", messagePadding: 1_000), PolicyAction.Warn), Bind(new LabelPolicy("check-b", "b"), PolicyAction.Warn));

        var few = engine.Evaluate(Request(ConfigMap(labels: """{"a":"2","b":"1"}""")), PolicyType.Validating);
        var many = engine.Evaluate(Request(ConfigMap(labels: """{"a":"500","b":"500"}""")), PolicyType.Validating);

        Assert.Equal(3, few.Answer().Warnings.Count);
        Assert.All(few.Answer().Warnings.Concat(many.Answer().Warnings), w => Assert.InRange(w.Length, 1, FindingText.MaxWarningLength));
        Assert.InRange(many.Answer().Warnings.Sum(w => w.Length), 1, FourKilobytes);
        Assert.EndsWith("more warning(s)", many.Answer().Warnings[^1]);
    }

    [Fact]
    public void Puts_the_policy_id_at_the_front_of_every_warning_and_denial_line()
    {
        var engine = NewEngine(Bind(new LabelPolicy("check-a", "a")), Bind(new LabelPolicy("check-b", "b"), PolicyAction.Warn));

        var decision = engine.Evaluate(Request(ConfigMap(labels: """{"a":"3","b":"3"}""")), PolicyType.Validating);

        Assert.All(decision.Answer().Message.Split('\n'), l => Assert.StartsWith("[check-a] ", l));
        Assert.All(decision.Answer().Warnings, w => Assert.StartsWith("[check-b] ", w));
    }

    [Fact]
    public void Writes_each_warning_on_one_line()
    {
        var decision = NewEngine(Bind(new MultiLinePolicy(), PolicyAction.Warn)).Evaluate(Request(ConfigMap()), PolicyType.Validating);

        var warning = Assert.Single(decision.Answer().Warnings);
        Assert.Equal("[multi-line] first line second line and a tab", warning);
        Assert.DoesNotContain('\n', warning);
        Assert.DoesNotContain('\n', decision.Answer().AuditAnnotations["multi-line"]);
    }

    [Fact]
    public void Uses_audit_annotation_keys_that_the_api_server_accepts()
    {
        var ids = PolicyCatalog.All.Select(d => d.Id).ToList();
        var engine = new PolicyEngine(PolicyLoader.LoadDefaults().Policies!);
        var bindings = ids.Select(id => Bind(new LabelPolicy(id, "bad"), kind: KnownKinds.ConfigMap)).ToArray();

        var decision = NewEngine(bindings).Evaluate(Request(ConfigMap(labels: """{"bad":"1"}""")), PolicyType.Validating);

        Assert.Equal(ids.Order(StringComparer.Ordinal), decision.Answer().AuditAnnotations.Keys.Order(StringComparer.Ordinal));
        Assert.All(engine.Policies.Bindings.Select(b => b.Id).Concat(decision.Answer().AuditAnnotations.Keys), key =>
        {
            Assert.Matches(AuditAnnotationKey(), key);
            Assert.InRange(key.Length, 1, 63);
            Assert.DoesNotContain('/', key);
        });
        Assert.All(decision.Answer().AuditAnnotations.Values, v => Assert.InRange(v.Length, 1, FindingText.MaxAuditValueLength));
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex AuditAnnotationKey();

    private sealed class MultiLinePolicy : IPolicy
    {
        public string Id => "multi-line";

        public PolicyType Type => PolicyType.Validating;

        public PolicyOutcome Evaluate(PolicyContext context) => PolicyOutcome.Of(
            [new Finding(Id, FindingSeverity.Violation, "first line\nsecond line", "first line\r\nsecond line\tand a tab", "metadata", "fix")]);
    }
}

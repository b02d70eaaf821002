using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Exceptions;
using AdmissionGuard.Core.Manifests;
using Microsoft.Extensions.Time.Testing;

namespace AdmissionGuard.Core.Tests.Exceptions;

/// <summary>The built-in policies with PolicyExceptions, on real manifests, against a clock the test moves.</summary>
public sealed class PolicyExceptionEngineTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Start);

    /// <summary>A Helm hook Job without activeDeadlineSeconds: hook-deadline denies it.</summary>
    private const string MigrateJob = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate-1
          namespace: shop
          labels: {app: legacy}
          annotations: {helm.sh/hook: pre-upgrade}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: migrate, image: busybox:1.36}]
        """;

    internal const string Legacy = """
        apiVersion: admission-guard.io/v1alpha1
        kind: PolicyException
        metadata: {name: legacy-migrate, namespace: shop}
        spec:
          policies: [hook-deadline]
          match:
            kinds: [Job]
            names: ["migrate*"]
            selector: {matchLabels: {app: legacy}}
          reason: vendor chart, fixed in its 2.0
          ticket: OPS-123
          expiresAt: "2026-12-31T00:00:00Z"
        """;

    private static PolicySet Defaults => PolicyLoader.LoadDefaults().Policies!;

    internal static PolicyException Read(string yaml, string? ns = null)
    {
        var obj = (JsonObject)ManifestReader.Read(yaml, "exception.yaml").Single(d => d.Content is not null).Content!;
        var errors = new List<ExceptionFieldError>();
        var exception = PolicyExceptionReader.Read(obj, "exception.yaml", errors, ns);
        Assert.True(exception is not null, string.Join("\n", errors));
        return exception;
    }

    private PolicyEngine Engine(params string[] exceptions) =>
        new(Defaults, new FixedExceptions(new ExceptionSet(exceptions.Select(e => Read(e)))), clock);

    private static AdmissionRequest JobRequest(string yaml = MigrateJob, string ns = "shop")
    {
        var obj = ManifestReader.Read(yaml, "job.yaml").Single().Content!;
        var element = JsonSerializer.SerializeToElement(obj);
        return ManifestRequest.For(element, KnownKinds.Job, ns, (string)obj["metadata"]!["name"]!);
    }

    [Fact]
    public void An_excepted_object_is_allowed_with_a_warning_naming_the_exception_and_its_expiry()
    {
        var decision = Engine(Legacy).Evaluate(JobRequest(), PolicyType.Validating);

        Assert.True(decision.Allowed);
        var result = decision.Results.Single(r => r.PolicyId == "hook-deadline");
        Assert.Equal(PolicyResultKind.Excepted, result.Result);
        Assert.Equal("skip", result.Result.ToWire());
        Assert.Equal("PolicyException shop/legacy-migrate until 2026-12-31T00:00:00Z", result.Reason);
        var warning = Assert.Single(decision.Answer().Warnings);
        Assert.StartsWith("[hook-deadline] Job shop/migrate-1 excepted by PolicyException shop/legacy-migrate until 2026-12-31T00:00:00Z: ", warning);
        Assert.StartsWith("skip: Job shop/migrate-1 excepted by PolicyException shop/legacy-migrate", decision.Answer().AuditAnnotations["hook-deadline"]);
    }

    [Fact]
    public void An_exception_stops_applying_at_its_expiry_not_at_the_next_resync()
    {
        var engine = Engine(Legacy);
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 30, 23, 59, 59, TimeSpan.Zero));
        Assert.True(engine.Evaluate(JobRequest(), PolicyType.Validating).Allowed);

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero));
        var expired = engine.Evaluate(JobRequest(), PolicyType.Validating);

        Assert.False(expired.Allowed);
        Assert.Equal(PolicyResultKind.Deny, expired.Results.Single(r => r.PolicyId == "hook-deadline").Result);
        Assert.DoesNotContain("PolicyException", expired.Answer().Message);
    }

    [Theory]
    [InlineData("2026-12-27T00:00:00Z", " (expires in 4 days)")]
    [InlineData("2026-12-30T12:00:00Z", " (expires in 12 hours)")]
    [InlineData("2026-12-30T23:30:00Z", " (expires within the hour)")]
    [InlineData("2026-12-20T00:00:00Z", "")]
    public void Within_a_week_of_its_expiry_the_warning_says_how_soon_it_ends(string now, string suffix)
    {
        clock.SetUtcNow(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        var warning = Assert.Single(Engine(Legacy).Evaluate(JobRequest(), PolicyType.Validating).Answer().Warnings);

        Assert.StartsWith($"[hook-deadline] Job shop/migrate-1 excepted by PolicyException shop/legacy-migrate until 2026-12-31T00:00:00Z{suffix}: ", warning);
    }

    [Theory]
    [InlineData("other", "migrate-1", "legacy")]    // another namespace: an exception is for its own namespace only
    [InlineData("shop", "seed-1", "legacy")]        // a name the globs do not match
    [InlineData("shop", "migrate-1", "modern")]     // labels the selector does not match
    public void An_object_the_exception_does_not_match_is_judged_as_usual(string ns, string name, string app)
    {
        var job = MigrateJob.Replace("namespace: shop", $"namespace: {ns}").Replace("name: migrate-1", $"name: {name}").Replace("app: legacy", $"app: {app}");

        var decision = Engine(Legacy).Evaluate(JobRequest(job, ns), PolicyType.Validating);

        Assert.False(decision.Allowed);
    }

    [Fact]
    public void An_exception_of_another_policy_changes_nothing()
    {
        var decision = Engine(Legacy.Replace("[hook-deadline]", "[config-checksum]")).Evaluate(JobRequest(), PolicyType.Validating);

        Assert.False(decision.Allowed);
    }

    [Fact]
    public void A_complying_object_under_an_exception_is_skipped_without_a_warning()
    {
        var job = MigrateJob.Replace("spec:\n  template:", "spec:\n  activeDeadlineSeconds: 600\n  template:");

        var decision = Engine(Legacy).Evaluate(JobRequest(job), PolicyType.Validating);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Answer().Warnings);
        Assert.Equal("skip: PolicyException shop/legacy-migrate until 2026-12-31T00:00:00Z", decision.Answer().AuditAnnotations["hook-deadline"]);
    }

    [Fact]
    public void Match_expressions_select_as_kubernetes_label_selectors_do()
    {
        var withExpressions = Legacy.Replace("selector: {matchLabels: {app: legacy}}", "selector: {matchExpressions: [{key: app, operator: In, values: [legacy, old]}, {key: tier, operator: DoesNotExist}]}");

        Assert.True(Engine(withExpressions).Evaluate(JobRequest(), PolicyType.Validating).Allowed);
        Assert.False(Engine(withExpressions).Evaluate(JobRequest(MigrateJob.Replace("app: legacy", "app: legacy, tier: db")), PolicyType.Validating).Allowed);
    }
}

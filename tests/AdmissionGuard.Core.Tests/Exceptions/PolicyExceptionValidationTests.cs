using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Exceptions;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AdmissionGuard.Core.Tests.Exceptions;

/// <summary>The webhook's review of PolicyException objects themselves: every problem denied, naming the field.</summary>
public sealed class PolicyExceptionValidationTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    private static AdmissionAnswer Review(string yaml, PolicySet? policies = null, Operation operation = Operation.Create, string? old = null)
    {
        var obj = ManifestReader.Read(yaml, "exception.yaml").Single().Content!;
        var engine = new PolicyEngine(policies ?? PolicyLoader.LoadDefaults().Policies!, clock: Clock);
        using var request = TestRequest.For(
            System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString()),
            PolicyException.Kind,
            "shop",
            "legacy-migrate",
            operation,
            old is null ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(ManifestReader.Read(old, "old.yaml").Single().Content!.ToJsonString()));
        Assert.True(engine.Targets(PolicyException.Kind, PolicyType.Validating));
        return AdmissionAnswer.For(engine.Evaluate(request, PolicyType.Validating));
    }

    private const string Valid = PolicyExceptionEngineTests.Legacy;

    [Fact]
    public void A_valid_exception_is_allowed()
    {
        var answer = Review(Valid);

        Assert.True(answer.Allowed, answer.Message);
    }

    [Theory]
    [InlineData("  reason: vendor chart, fixed in its 2.0\n", "", "spec.reason: required: why the objects may not comply yet")]
    [InlineData("  reason: vendor chart, fixed in its 2.0\n", "  reason: \"\"\n", "spec.reason: must not be empty")]
    [InlineData("\"2026-12-31T00:00:00Z\"", "\"2026-11-30T00:00:00Z\"", "spec.expiresAt: 2026-11-30T00:00:00Z is not in the future")]
    [InlineData("\"2026-12-31T00:00:00Z\"", "\"2027-03-02T00:00:01Z\"", "spec.expiresAt: 2027-03-02T00:00:01Z is more than 90 days ahead")]
    [InlineData("\"2026-12-31T00:00:00Z\"", "\"next week\"", "spec.expiresAt: 'next week' is not an RFC 3339 time")]
    [InlineData("\"2026-12-31T00:00:00Z\"", "\"2026-12-31T00:00:00\"", "spec.expiresAt: '2026-12-31T00:00:00' is not an RFC 3339 time with a zone")]
    [InlineData("  expiresAt: \"2026-12-31T00:00:00Z\"", "", "spec.expiresAt: required")]
    [InlineData("[hook-deadline]", "[hook-deadlines]", "spec.policies[0]: unknown policy 'hook-deadlines'")]
    [InlineData("[hook-deadline]", "[\"*\"]", "spec.policies: an exception of every policy is not allowed")]
    [InlineData("[hook-deadline]", "[EVERY-POLICY]", "spec.policies: an exception of every policy is not allowed")]
    [InlineData("[hook-deadline]", "[]", "spec.policies: required: at least one policy id")]
    [InlineData("  ticket: OPS-123\n", "  tiket: OPS-123\n", "spec.tiket: unknown field")]
    [InlineData("{matchLabels: {app: legacy}}", "{matchExpressions: [{key: app, operator: Is, values: [x]}]}", "spec.match.selector.matchExpressions[0].operator: unknown operator 'Is'")]
    public void An_invalid_exception_is_denied_naming_the_field(string from, string to, string message)
    {
        // [EVERY-POLICY]: every id of the catalog, listed by name.
        var yaml = Valid.Replace(from, to.Replace("EVERY-POLICY", string.Join(", ", PolicyCatalog.All.Select(d => d.Id).Order(StringComparer.Ordinal)), StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);

        var answer = Review(yaml);

        Assert.False(answer.Allowed);
        Assert.Contains($"[policy-exception] PolicyException shop/legacy-migrate: {message}", answer.Message);
    }

    [Fact]
    public void Every_policy_is_allowed_where_the_policy_set_allows_it_and_max_days_come_from_its_settings()
    {
        var policies = PolicyLoader.LoadDefaults().Policies!;
        var allowing = new PolicySet(policies.Bindings, new PolicySetSettings { AllowExceptionOfAllPolicies = true, MaxExceptionDays = 10 });

        Assert.True(Review(Valid.Replace("[hook-deadline]", "[\"*\"]").Replace("2026-12-31", "2026-12-10"), allowing).Allowed);
        Assert.Contains("is more than 10 days ahead", Review(Valid, allowing).Message);
    }

    [Fact]
    public void An_update_that_leaves_the_spec_alone_is_allowed_after_expiry()
    {
        var expired = Valid.Replace("2026-12-31", "2026-11-30");
        var relabelled = expired.Replace("metadata: {name: legacy-migrate, namespace: shop}", "metadata: {name: legacy-migrate, namespace: shop, labels: {team: a}}");

        Assert.True(Review(relabelled, operation: Operation.Update, old: expired).Allowed);
        Assert.False(Review(relabelled.Replace("vendor chart", "a vendor chart"), operation: Operation.Update, old: expired).Allowed);
    }

    [Fact]
    public void The_settings_document_among_the_policy_files_sets_max_days_and_every_policy()
    {
        var files = PolicyFiles().Append(("settings.yaml", """
            apiVersion: admission-guard.io/v1alpha1
            kind: GuardSettings
            metadata: {name: settings}
            spec:
              maxExceptionDays: 30
              allowExceptionOfAllPolicies: true
            """));

        var result = PolicyLoader.LoadFiles(files);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(30, result.Policies!.Settings.MaxExceptionDays);
        Assert.True(result.Policies.Settings.AllowExceptionOfAllPolicies);
        Assert.Equal(PolicyCatalog.All.Count, result.Policies.Bindings.Count);
    }

    [Theory]
    [InlineData("maxExceptionDays: 0", "settings.yaml:5: spec.maxExceptionDays: must be between 1 and 3650")]
    [InlineData("maxExceptionDays: \"30\"", "settings.yaml:5: spec.maxExceptionDays: expected a whole number")]
    [InlineData("maxExceptionDay: 30", "settings.yaml:5: spec.maxExceptionDay:")]
    public void An_invalid_settings_document_is_an_error_naming_file_line_and_field(string line, string error)
    {
        var files = PolicyFiles().Append(("settings.yaml", $"apiVersion: admission-guard.io/v1alpha1\nkind: GuardSettings\nmetadata: {{name: settings}}\nspec:\n  {line}\n"));

        var result = PolicyLoader.LoadFiles(files);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith(error, StringComparison.Ordinal));
    }

    private static IEnumerable<(string, string)> PolicyFiles() =>
        Directory.GetFiles(Path.Combine(AdmissionGuard.Testing.Repository.Root, "policies"), "*.yaml").Select(f => (Path.GetFileName(f), File.ReadAllText(f)));
}

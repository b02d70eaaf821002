using AdmissionGuard.Core.Configuration;

namespace AdmissionGuard.Core.Tests.Configuration;

/// <summary>Every way a policy file can be wrong, each error naming file, line and field.</summary>
public sealed class PolicyFileErrorTests
{
    private const string File = "policies/hook-deadline.yaml";

    [Fact]
    public void Names_file_line_and_field_of_an_unknown_policy_id()
    {
        var error = Single("""
            apiVersion: admission-guard.io/v1alpha1
            kind: GuardPolicy
            metadata:
              name: hook-deadlines
            spec:
              action: enforce
              match:
                kinds: [batch/v1/Job]
            """);
        AssertError(error, 4, "metadata.name", "unknown policy 'hook-deadlines'");
        Assert.Contains("hook-deadline,", error.Message);
    }

    [Fact]
    public void Names_an_unknown_action()
    {
        AssertError(Single(Policy(action: "enforced")), 6, "spec.action", "unknown action 'enforced'");
    }

    [Fact]
    public void Reads_off_as_an_action_not_as_a_yaml_1_1_boolean()
    {
        var result = PolicyLoader.LoadFiles([(File, Policy(action: "off"))]);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(AdmissionGuard.Core.Engine.PolicyAction.Off, result.Policies!.Bindings[0].Settings.Action);
    }

    [Fact]
    public void Names_a_kind_that_is_not_written_group_version_kind()
    {
        var error = Single(Policy(kinds: "\n    - batch/v1/Job\n    - Job"));
        AssertError(error, 10, "spec.match.kinds[1]", "'Job' is not a kind");
    }

    [Fact]
    public void Names_a_kind_the_policy_does_not_support()
    {
        var error = Single(Policy(kinds: "\n    - batch/v1/Job\n    - apps/v1/Deployment"));
        AssertError(error, 10, "spec.match.kinds[1]", "hook-deadline does not support apps/v1/Deployment");
        Assert.Contains("supported: batch/v1/Job", error.Message);
    }

    [Fact]
    public void Requires_at_least_one_kind()
    {
        AssertError(Single(Policy(kinds: "[]")), 8, "spec.match.kinds", "at least one kind");
    }

    [Fact]
    public void Names_an_unknown_parameter()
    {
        var error = Single(Policy(parameters: "includeArgoCDHooks: true\n    maxSecond: 600"));
        AssertError(error, 13, "spec.parameters.maxSecond", "unknown field");
        Assert.Contains("maxSeconds", error.Message);
    }

    [Fact]
    public void Names_a_boolean_parameter_given_as_a_quoted_string()
    {
        AssertError(Single(Policy(parameters: "includeArgoCDHooks: \"true\"")), 12, "spec.parameters.includeArgoCDHooks", "expected a boolean");
    }

    [Fact]
    public void Names_a_number_parameter_given_as_a_word()
    {
        AssertError(Single(Policy(parameters: "maxSeconds: ten")), 12, "spec.parameters.maxSeconds", "expected a whole number");
    }

    [Fact]
    public void Names_a_list_parameter_given_as_a_string()
    {
        var error = Single(Policy(
            id: "config-checksum",
            kinds: "[apps/v1/Deployment]",
            parameters: "annotationPrefix: checksum/\n    ignoreConfigMaps: kube-root-ca.crt"));
        AssertError(error, 13, "spec.parameters.ignoreConfigMaps", "expected a list of strings");
    }

    [Fact]
    public void Names_a_string_parameter_given_as_a_list()
    {
        AssertError(Single(Policy(id: "keep-stateful", kinds: "[v1/PersistentVolumeClaim]", parameters: "scope: [all]")),
            12, "spec.parameters.scope", "expected a string, got a list");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-30")]
    public void Rejects_a_max_seconds_that_is_not_positive(string value)
    {
        AssertError(Single(Policy(parameters: $"maxSeconds: {value}")), 12, "spec.parameters.maxSeconds", "must be a positive number of seconds");
    }

    [Fact]
    public void Rejects_a_scope_other_than_managed_or_all()
    {
        AssertError(Single(Policy(id: "keep-stateful", kinds: "[v1/PersistentVolumeClaim]", parameters: "scope: everything")),
            12, "spec.parameters.scope", "'everything' is not a scope");
    }

    [Fact]
    public void Rejects_a_credential_name_pattern_that_is_not_a_regular_expression()
    {
        var error = Single(Policy(id: "no-plaintext-secrets", kinds: "[v1/Secret]", parameters: "secretObjects: true\n    credentialNamePattern: \"pass(word\""));
        AssertError(error, 13, "spec.parameters.credentialNamePattern", "not a valid regular expression");
    }

    [Theory]
    [InlineData("[rollme, \"\"]", "empty annotation key")]
    [InlineData("[\"roll me\"]", "an annotation key has no spaces")]
    public void Rejects_an_always_roll_annotation_that_is_not_a_key(string value, string message)
    {
        var error = Single(Policy(id: "config-checksum", kinds: "[apps/v1/Deployment]", parameters: $"alwaysRollAnnotations: {value}"));
        Assert.StartsWith("spec.parameters.alwaysRollAnnotations", error.Field);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Rejects_an_empty_annotation_prefix()
    {
        AssertError(Single(Policy(id: "config-checksum", kinds: "[apps/v1/Deployment]", parameters: "annotationPrefix: \"\"")),
            12, "spec.parameters.annotationPrefix", "must not be empty");
    }

    [Fact]
    public void Names_a_wrong_api_version_and_nothing_else_of_a_foreign_object()
    {
        var errors = Errors("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
            """);
        Assert.Equal(2, errors.Count);
        AssertError(errors[0], 1, "apiVersion", "'apps/v1' is not admission-guard.io/v1alpha1");
        AssertError(errors[1], 2, "kind", "'Deployment' is not GuardPolicy");
    }

    [Fact]
    public void Names_a_wrong_kind()
    {
        AssertError(Single(Policy().Replace("kind: GuardPolicy", "kind: Policy")), 2, "kind", "'Policy' is not GuardPolicy");
    }

    [Fact]
    public void Names_a_missing_api_version_at_the_start_of_the_document()
    {
        var errors = Errors("# header\nkind: GuardPolicy\nmetadata:\n  name: hook-deadline\n");
        AssertError(errors.Single(), 2, "apiVersion", "required");
    }

    [Fact]
    public void Reports_the_same_policy_id_in_two_files_at_the_second()
    {
        var result = PolicyLoader.LoadFiles([("a/hook-deadline.yaml", Policy()), ("a/hook-deadline-copy.yml", "\n" + Policy())]);
        Assert.False(result.Succeeded);
        Assert.Null(result.Policies);
        var error = Assert.Single(result.Errors);
        Assert.Equal("a/hook-deadline-copy.yml", error.File);
        Assert.Equal(5, error.Line);
        Assert.Equal("metadata.name", error.Field);
        Assert.Contains("already defined at a/hook-deadline.yaml:4", error.Message);
    }

    [Fact]
    public void Reports_a_yaml_syntax_error_with_its_line()
    {
        var error = Single("apiVersion: admission-guard.io/v1alpha1\nkind: GuardPolicy\nspec:\n  match:\n    kinds: [batch/v1/Job\n  action: warn\n");
        Assert.Equal("(yaml)", error.Field);
        Assert.Contains("YAML syntax error", error.Message);
        Assert.InRange(error.Line, 5, 6);
    }

    [Fact]
    public void Reports_a_duplicate_key_as_a_syntax_error_on_its_line()
    {
        AssertError(Single(Policy().Replace("  action: enforce", "  action: enforce\n  action: warn")), 7, "(yaml)", "Duplicate key");
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n---\n")]
    public void Reports_an_empty_file(string content)
    {
        AssertError(Single(content), 1, "(file)", "empty");
    }

    [Fact]
    public void Reports_a_document_that_is_not_a_mapping()
    {
        AssertError(Single("- apiVersion: admission-guard.io/v1alpha1\n"), 1, "(document)", "expected a GuardPolicy mapping, got a list");
    }

    [Fact]
    public void Names_an_unknown_spec_field_such_as_a_typo()
    {
        var error = Single(Policy().Replace("  action: enforce", "  action: enforce\n  allowExistingViolation: true"));
        AssertError(error, 7, "spec.allowExistingViolation", "unknown field");
        Assert.Contains("allowExistingViolations", error.Message);
    }

    [Fact]
    public void Names_a_flag_given_as_a_word_that_is_not_a_boolean()
    {
        AssertError(Single(Policy().Replace("  action: enforce", "  action: enforce\n  allowObjectExemption: sometimes")),
            7, "spec.allowObjectExemption", "expected a boolean");
    }

    [Fact]
    public void Points_a_missing_action_at_the_spec_line()
    {
        AssertError(Single(Policy().Replace("  action: enforce\n", string.Empty)), 5, "spec.action", "required");
    }

    [Fact]
    public void Points_a_missing_match_at_the_spec_line()
    {
        var text = Policy().Replace("  match:\n    kinds: [batch/v1/Job]\n", string.Empty);
        AssertError(Single(text), 5, "spec.match", "required");
    }

    [Fact]
    public void Names_a_missing_spec()
    {
        AssertError(Single("apiVersion: admission-guard.io/v1alpha1\nkind: GuardPolicy\nmetadata:\n  name: hook-deadline\n"), 1, "spec", "required");
    }

    [Fact]
    public void Names_a_service_account_not_written_namespace_slash_name()
    {
        var error = Single(Policy(exclude: "serviceAccounts:\n      - argocd/argocd-application-controller\n      - system:serviceaccount:flux-system:helm-controller"));
        AssertError(error, 12, "spec.exclude.serviceAccounts[1]", "is not namespace/name");
    }

    [Fact]
    public void Names_a_namespace_glob_and_says_that_only_names_take_globs()
    {
        AssertError(Single(Policy(exclude: "namespaces: [kube-system, team-*]")), 10, "spec.exclude.namespaces[1]", "only names take globs");
    }

    [Fact]
    public void Names_an_unknown_exclusion()
    {
        AssertError(Single(Policy(exclude: "labels: [a]")), 10, "spec.exclude.labels", "unknown field");
    }

    [Fact]
    public void Collects_every_error_of_every_file_instead_of_stopping_at_the_first()
    {
        var result = PolicyLoader.LoadFiles(
        [
            ("p/a.yaml", Policy(action: "block", kinds: "[batch/v1/CronJob]", parameters: "maxSeconds: 0\n    colour: blue")),
            ("p/b.yaml", "a: [1\n"),
            ("p/c.yaml", ""),
        ]);
        Assert.False(result.Succeeded);
        var summary = result.Errors.Select(e => $"{e.File}:{e.Line}:{e.Field}").ToArray();
        Assert.Equal(
            [
                "p/a.yaml:6:spec.action",
                "p/a.yaml:8:spec.match.kinds[0]",
                "p/a.yaml:12:spec.parameters.maxSeconds",
                "p/a.yaml:13:spec.parameters.colour",
                "p/b.yaml:2:(yaml)",
                "p/c.yaml:1:(file)",
            ],
            summary);
    }

    [Fact]
    public void Formats_an_error_as_file_line_field_message()
    {
        var error = Single(Policy(action: "block"));
        Assert.StartsWith($"{File}:6: spec.action: unknown action 'block'", error.ToString());
    }

    /// <summary>A valid hook-deadline policy file; the parameters start on line 12.</summary>
    internal static string Policy(
        string id = "hook-deadline",
        string action = "enforce",
        string kinds = "[batch/v1/Job]",
        string exclude = "namespaces: [kube-system]",
        string parameters = "includeArgoCDHooks: true") => $"""
        apiVersion: admission-guard.io/v1alpha1
        kind: GuardPolicy
        metadata:
          name: {id}
        spec:
          action: {action}
          match:
            kinds: {kinds}
          exclude:
            {exclude}
          parameters:
            {parameters}

        """;

    private static IReadOnlyList<PolicyFileError> Errors(string content)
    {
        var result = PolicyLoader.LoadFiles([(File, content)]);
        Assert.Null(result.Policies);
        Assert.All(result.Errors, e => Assert.Equal(File, e.File));
        return result.Errors;
    }

    private static PolicyFileError Single(string content)
    {
        var errors = Errors(content);
        Assert.True(errors.Count == 1, "expected one error, got:\n" + string.Join("\n", errors));
        return errors[0];
    }

    private static void AssertError(PolicyFileError error, int line, string field, string message)
    {
        Assert.Equal(File, error.File);
        Assert.Equal((line, field), (error.Line, error.Field));
        Assert.Contains(message, error.Message);
    }
}

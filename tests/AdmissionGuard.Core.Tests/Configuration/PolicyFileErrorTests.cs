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

    /// <summary>The mistake, the file's content, and its one error: line, field and what the message says.</summary>
    public static TheoryData<string, string, int, string, string> OneError => new()
    {
        // The document itself.
        { "an empty file", "", 1, "(file)", "empty" },
        { "a file of only a comment", "# only a comment\n", 1, "(file)", "empty" },
        { "a file of empty documents", "---\n---\n", 1, "(file)", "empty" },
        { "a document that is not a mapping", "- apiVersion: admission-guard.io/v1alpha1\n", 1, "(document)", "expected a GuardPolicy mapping, got a list" },
        { "a duplicate key, a syntax error on its line", Policy().Replace("  action: enforce", "  action: enforce\n  action: warn"), 7, "(yaml)", "Duplicate key" },
        { "a wrong kind", Policy().Replace("kind: GuardPolicy", "kind: Policy"), 2, "kind", "'Policy' is not GuardPolicy" },
        { "a missing spec", "apiVersion: admission-guard.io/v1alpha1\nkind: GuardPolicy\nmetadata:\n  name: hook-deadline\n", 1, "spec", "required" },

        // spec: its action, flags and match.
        { "an unknown action", Policy(action: "enforced"), 6, "spec.action", "unknown action 'enforced'" },
        { "a missing action, at the spec line", Policy().Replace("  action: enforce\n", string.Empty), 5, "spec.action", "required" },
        { "a flag given as a word that is not a boolean", Policy().Replace("  action: enforce", "  action: enforce\n  allowObjectExemption: sometimes"), 7, "spec.allowObjectExemption", "expected a boolean" },
        { "a missing match, at the spec line", Policy().Replace("  match:\n    kinds: [batch/v1/Job]\n", string.Empty), 5, "spec.match", "required" },
        { "no kind", Policy(kinds: "[]"), 8, "spec.match.kinds", "at least one kind" },
        { "a kind that is not written group/version/kind", Policy(kinds: "\n    - batch/v1/Job\n    - Job"), 10, "spec.match.kinds[1]", "'Job' is not a kind" },

        // spec.exclude
        { "a service account not written namespace/name", Policy(exclude: "serviceAccounts:\n      - argocd/argocd-application-controller\n      - system:serviceaccount:flux-system:helm-controller"), 12, "spec.exclude.serviceAccounts[1]", "is not namespace/name" },
        { "a namespace glob: only names take globs", Policy(exclude: "namespaces: [kube-system, team-*]"), 10, "spec.exclude.namespaces[1]", "only names take globs" },
        { "an unknown exclusion", Policy(exclude: "labels: [a]"), 10, "spec.exclude.labels", "unknown field" },

        // spec.parameters, by type and by what a policy allows.
        { "a boolean parameter given as a quoted string", Policy(parameters: "includeArgoCDHooks: \"true\""), 12, "spec.parameters.includeArgoCDHooks", "expected a boolean" },
        { "a number parameter given as a word", Policy(parameters: "maxSeconds: ten"), 12, "spec.parameters.maxSeconds", "expected a whole number" },
        { "a list parameter given as a string", Policy(id: "config-checksum", kinds: "[apps/v1/Deployment]", parameters: "annotationPrefix: checksum/\n    ignoreConfigMaps: kube-root-ca.crt"), 13, "spec.parameters.ignoreConfigMaps", "expected a list of strings" },
        { "a string parameter given as a list", Policy(id: "keep-stateful", kinds: "[v1/PersistentVolumeClaim]", parameters: "scope: [all]"), 12, "spec.parameters.scope", "expected a string, got a list" },
        { "a max seconds of 0", Policy(parameters: "maxSeconds: 0"), 12, "spec.parameters.maxSeconds", "must be a positive number of seconds" },
        { "a negative max seconds", Policy(parameters: "maxSeconds: -30"), 12, "spec.parameters.maxSeconds", "must be a positive number of seconds" },
        { "a scope other than managed or all", Policy(id: "keep-stateful", kinds: "[v1/PersistentVolumeClaim]", parameters: "scope: everything"), 12, "spec.parameters.scope", "'everything' is not a scope" },
        { "a credential name pattern that is not a regular expression", Policy(id: "no-plaintext-secrets", kinds: "[v1/Secret]", parameters: "secretObjects: true\n    credentialNamePattern: \"pass(word\""), 13, "spec.parameters.credentialNamePattern", "not a valid regular expression" },
        { "an empty annotation prefix", Policy(id: "config-checksum", kinds: "[apps/v1/Deployment]", parameters: "annotationPrefix: \"\""), 12, "spec.parameters.annotationPrefix", "must not be empty" },
    };

    [Theory]
    [MemberData(nameof(OneError))]
    public void Names_file_line_and_field_of_the_one_error(string mistake, string content, int line, string field, string message)
    {
        AssertError(Single(content, mistake), line, field, message);
    }

    [Fact]
    public void Reads_off_as_an_action_not_as_a_yaml_1_1_boolean()
    {
        var result = PolicyLoader.LoadFiles([(File, Policy(action: "off"))]);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(AdmissionGuard.Core.Engine.PolicyAction.Off, result.Policies!.Bindings[0].Settings.Action);
    }

    [Fact]
    public void Names_a_kind_the_policy_does_not_support()
    {
        var error = Single(Policy(kinds: "\n    - batch/v1/Job\n    - apps/v1/Deployment"));
        AssertError(error, 10, "spec.match.kinds[1]", "hook-deadline does not support apps/v1/Deployment");
        Assert.Contains("supported: batch/v1/Job", error.Message);
    }

    [Fact]
    public void Names_an_unknown_parameter()
    {
        var error = Single(Policy(parameters: "includeArgoCDHooks: true\n    maxSecond: 600"));
        AssertError(error, 13, "spec.parameters.maxSecond", "unknown field");
        Assert.Contains("maxSeconds", error.Message);
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
    public void Names_an_unknown_spec_field_such_as_a_typo()
    {
        var error = Single(Policy().Replace("  action: enforce", "  action: enforce\n  allowExistingViolation: true"));
        AssertError(error, 7, "spec.allowExistingViolation", "unknown field");
        Assert.Contains("allowExistingViolations", error.Message);
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

    private static PolicyFileError Single(string content, string mistake = "the file")
    {
        var errors = Errors(content);
        Assert.True(errors.Count == 1, $"{mistake}: expected one error, got:\n" + string.Join("\n", errors));
        return errors[0];
    }

    private static void AssertError(PolicyFileError error, int line, string field, string message)
    {
        Assert.Equal(File, error.File);
        Assert.Equal((line, field), (error.Line, error.Field));
        Assert.Contains(message, error.Message);
    }
}

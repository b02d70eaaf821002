using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary><c>admission-guard compile</c> as a process: the documents per Kubernetes version, notes on standard error, policy files.</summary>
public sealed class CompileCommandTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public void Writes_a_policy_and_binding_per_compiled_policy_for_1_34_by_default()
    {
        var result = CliProcess.Run("compile");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        var documents = Documents(result.Stdout);
        Assert.Equal(
            ["ValidatingAdmissionPolicy/admission-guard-config-checksum", "ValidatingAdmissionPolicyBinding/admission-guard-config-checksum",
             "ValidatingAdmissionPolicy/admission-guard-hook-deadline", "ValidatingAdmissionPolicyBinding/admission-guard-hook-deadline",
             "MutatingAdmissionPolicy/admission-guard-keep-stateful", "MutatingAdmissionPolicyBinding/admission-guard-keep-stateful",
             "ValidatingAdmissionPolicy/admission-guard-no-plaintext-secrets", "ValidatingAdmissionPolicyBinding/admission-guard-no-plaintext-secrets"],
            documents.Select(d => $"{d["kind"]}/{d["metadata"]!["name"]}"));
        Assert.Equal("admissionregistration.k8s.io/v1beta1", (string?)documents[4]["apiVersion"]);
        Assert.All(documents.Where(d => (string?)d["kind"] == "ValidatingAdmissionPolicyBinding"), b => Assert.Equal("Deny", (string?)b["spec"]!["validationActions"]![0]));
        Assert.All(documents.Where(d => d["spec"]!["failurePolicy"] is not null), p => Assert.Equal("Ignore", (string?)p["spec"]!["failurePolicy"]));
        Assert.Contains("[hook-deadline] ", (string?)documents[2]["spec"]!["validations"]![0]!["messageExpression"]);
    }

    [Theory]
    [InlineData("1.36", 8, "admissionregistration.k8s.io/v1", "")]
    [InlineData("1.33", 6, null, "no MutatingAdmissionPolicy")]
    [InlineData("1.29", 0, null, "no ValidatingAdmissionPolicy v1")]
    public void Picks_the_api_versions_of_the_kubernetes_version_and_says_what_it_leaves_out(string version, int count, string? mutating, string note)
    {
        var result = CliProcess.Run("compile", "--kube-version", version);

        Assert.Equal(0, result.ExitCode);
        var documents = Documents(result.Stdout);
        Assert.Equal(count, documents.Count);
        Assert.Equal(mutating, (string?)documents.FirstOrDefault(d => (string?)d["kind"] == "MutatingAdmissionPolicy")?["apiVersion"]);
        Assert.Contains(note, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_that_is_not_major_minor_is_a_usage_error()
    {
        var result = CliProcess.Run("compile", "--kube-version", "latest");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--kube-version latest: expected MAJOR.MINOR", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Compiles_the_policy_files_given_with_their_actions_and_exclusions_into_a_file()
    {
        var policies = Path.Combine(directory.Path, "policies");
        Directory.CreateDirectory(policies);
        File.WriteAllText(Path.Combine(policies, "hook-deadline.yaml"), """
            apiVersion: admission-guard.io/v1alpha1
            kind: GuardPolicy
            metadata: {name: hook-deadline}
            spec:
              action: warn
              allowObjectExemption: true
              allowExistingViolations: true
              match: {kinds: [batch/v1/Job]}
              exclude:
                namespaces: [batch-legacy]
                names: ["legacy-*"]
                users: [alice]
                groups: [ops]
                serviceAccounts: [ci/deployer]
              parameters: {maxSeconds: 900}
            """);
        File.WriteAllText(Path.Combine(policies, "config-checksum.yaml"), """
            apiVersion: admission-guard.io/v1alpha1
            kind: GuardPolicy
            metadata: {name: config-checksum}
            spec:
              action: "off"
              match: {kinds: [apps/v1/Deployment]}
            """);
        var output = Path.Combine(directory.Path, "native.yaml");

        var result = CliProcess.Run("compile", "--policies", policies, "--output", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        var documents = Documents(File.ReadAllText(output));
        Assert.Equal(2, documents.Count);
        var spec = documents[0]["spec"]!;
        Assert.Equal("Warn", (string?)documents[1]["spec"]!["validationActions"]![0]);
        Assert.Equal(["CREATE"], spec["matchConstraints"]!["resourceRules"]![0]!["operations"]!.AsArray().Select(o => (string?)o));
        Assert.Equal(["batch-legacy"], spec["matchConstraints"]!["namespaceSelector"]!["matchExpressions"]![0]!["values"]!.AsArray().Select(o => (string?)o));
        var conditions = spec["matchConditions"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => (string)c!["expression"]!);
        Assert.Contains("'^legacy-.*$'", conditions["exclude-names"], StringComparison.Ordinal);
        Assert.Contains("['alice']", conditions["exclude-users"], StringComparison.Ordinal);
        Assert.Contains("['ops']", conditions["exclude-groups"], StringComparison.Ordinal);
        Assert.Contains("['system:serviceaccount:ci:deployer']", conditions["exclude-service-accounts"], StringComparison.Ordinal);
        Assert.Contains("'hook-deadline'", conditions["object-exemption"], StringComparison.Ordinal);
        Assert.Contains("<= 900", (string?)spec["validations"]![0]!["expression"], StringComparison.Ordinal);
    }

    private static List<JsonObject> Documents(string yaml) =>
        ManifestReader.Read(yaml, "compiled.yaml").Where(d => d.Content is JsonObject).Select(d => d.Content!.AsObject()).ToList();

    public void Dispose() => directory.Dispose();
}

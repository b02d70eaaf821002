using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Core.Policies.HookDeadline;
using AdmissionGuard.Core.Policies.NoPlaintextSecrets;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Configuration;

public sealed class PolicyLoaderTests
{
    private static readonly string RepositoryPolicies = Repository.Policies;

    public static TheoryData<string> RepositoryPolicyFiles() =>
        new(Directory.GetFiles(RepositoryPolicies).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(RepositoryPolicyFiles))]
    public void Loads_each_repository_policy_file_without_error(string name)
    {
        var result = PolicyLoader.LoadFiles([(name, File.ReadAllText(Path.Combine(RepositoryPolicies, name)))]);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var binding = Assert.Single(result.Policies!.Bindings);
        Assert.Equal(Path.GetFileNameWithoutExtension(name), binding.Id);
    }

    [Fact]
    public void Embeds_every_repository_policy_file_as_the_defaults()
    {
        var result = PolicyLoader.LoadDefaults();
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var ids = result.Policies!.Bindings.Select(b => b.Id).Order(StringComparer.Ordinal);
        Assert.Equal(PolicyCatalog.All.Select(d => d.Id).Order(StringComparer.Ordinal), ids);
        Assert.Equal(
            Directory.GetFiles(RepositoryPolicies, "*.yaml").Select(f => "policies/" + Path.GetFileName(f)).Order(StringComparer.Ordinal),
            result.Policies.Bindings.Select(b => b.Source).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Defaults_exclude_the_system_namespaces_from_every_policy()
    {
        foreach (var binding in PolicyLoader.LoadDefaults().Policies!.Bindings)
        {
            Assert.Equal(PolicyAction.Enforce, binding.Settings.Action);
            Assert.Superset(new HashSet<string> { "kube-system", "kube-public", "kube-node-lease" }, binding.Settings.Exclude.Namespaces.ToHashSet());
        }
    }

    [Fact]
    public void Default_config_checksum_runs_on_deployments_statefulsets_and_daemonsets()
    {
        var binding = PolicyLoader.LoadDefaults().Policies!.Bindings.Single(b => b.Id == "config-checksum");
        Assert.Equal(
            new HashSet<GroupVersionKind> { KnownKinds.Deployment, KnownKinds.StatefulSet, KnownKinds.DaemonSet },
            binding.Settings.Kinds.ToHashSet());
    }

    [Fact]
    public void Binds_every_spec_field_into_the_engine_settings()
    {
        var result = PolicyLoader.LoadFiles([("hook-deadline.yaml", """
            apiVersion: admission-guard.io/v1alpha1
            kind: GuardPolicy
            metadata:
              name: hook-deadline
              labels: {team: platform}
            spec:
              action: warn
              allowExistingViolations: yes
              allowObjectExemption: true
              match:
                kinds: [batch/v1/Job]
              exclude:
                namespaces: [legacy]
                names: [db-migrate-*]
                users: [alice]
                groups: ["system:masters"]
                serviceAccounts: [ci/deployer]
            """)]);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var binding = Assert.Single(result.Policies!.Bindings);
        var settings = binding.Settings;
        Assert.Equal("hook-deadline.yaml", binding.Source);
        Assert.Equal(PolicyAction.Warn, settings.Action);
        Assert.True(settings.AllowExistingViolations);
        Assert.True(settings.AllowObjectExemption);
        Assert.Equal([KnownKinds.Job], settings.Kinds);
        Assert.Equal(["legacy"], settings.Exclude.Namespaces);
        Assert.True(Assert.Single(settings.Exclude.Names).IsMatch("db-migrate-42"));
        Assert.Equal(["alice"], settings.Exclude.Users);
        Assert.Equal(["system:masters"], settings.Exclude.Groups);
        Assert.Equal(["ci/deployer"], settings.Exclude.ServiceAccounts);
    }

    [Fact]
    public void Binds_parameters_onto_the_record_and_keeps_defaults_for_the_rest()
    {
        var errors = new List<PolicyFileError>();
        var document = Assert.Single(PolicyDocumentReader.Read("p.yaml", """
            apiVersion: admission-guard.io/v1alpha1
            kind: GuardPolicy
            metadata:
              name: no-plaintext-secrets
            spec:
              action: audit
              match:
                kinds: [v1/Secret]
              parameters:
                envLiterals: off
                trustedAppliers: ["system:serviceaccount:flux-system:kustomize-controller"]
                credentialNamePattern: 'passw(or)?d'
            """, errors));
        Assert.Empty(errors);
        var parameters = Assert.IsType<BoundParameters<NoPlaintextSecretsParameters>>(document.Spec!.Parameters).Value;
        Assert.False(parameters.EnvLiterals);
        Assert.True(parameters.SecretObjects);
        Assert.Equal(["system:serviceaccount:flux-system:kustomize-controller"], parameters.TrustedAppliers);
        Assert.Equal("passw(or)?d", parameters.CredentialNamePattern);
        Assert.Equal(new NoPlaintextSecretsParameters().TrustedOwners, parameters.TrustedOwners);
    }

    [Fact]
    public void Binds_an_integer_parameter()
    {
        var errors = new List<PolicyFileError>();
        var document = Assert.Single(PolicyDocumentReader.Read("p.yaml", PolicyFileErrorTests.Policy(parameters: "maxSeconds: 900"), errors));
        Assert.Empty(errors);
        Assert.Equal(900, Assert.IsType<BoundParameters<HookDeadlineParameters>>(document.Spec!.Parameters).Value.MaxSeconds);
    }

    [Fact]
    public void Every_parameter_of_every_policy_has_a_type_the_loader_reads()
    {
        foreach (var descriptor in PolicyCatalog.All)
        {
            var parameters = ParameterBinder.Properties(descriptor.ParametersType);
            Assert.NotEmpty(parameters);
            Assert.All(parameters, p => Assert.True(ParameterBinder.Supports(p.Property.PropertyType), $"{descriptor.Id}.{p.Name}: {p.Property.PropertyType}"));
        }
    }

    [Fact]
    public void Loads_several_policies_from_one_multi_document_file()
    {
        var text = PolicyFileErrorTests.Policy() + "---\n" + PolicyFileErrorTests.Policy(id: "keep-stateful", kinds: "[v1/PersistentVolumeClaim]", parameters: "scope: all");
        var result = PolicyLoader.LoadFiles([("all.yaml", text)]);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["hook-deadline", "keep-stateful"], result.Policies!.Bindings.Select(b => b.Id));
    }

    [Fact]
    public void Ignores_names_that_are_not_yaml_or_are_hidden()
    {
        var result = PolicyLoader.LoadFiles(
        [
            ("hook-deadline.yaml", PolicyFileErrorTests.Policy()),
            ("README.md", "# not a policy"),
            ("hook-deadline.yaml.bak", "not: [yaml"),
            (".hook-deadline.yaml.swp", "garbage"),
            (".hidden.yaml", "garbage: ["),
        ]);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Single(result.Policies!.Bindings);
    }

    [Fact]
    public void Compiles_file_patterns_case_insensitively_with_a_match_timeout()
    {
        var regex = PolicyFileFormat.CompilePattern(NoPlaintextSecretsParameters.DefaultCredentialNamePattern);
        Assert.Matches(regex, "DB_PASSWORD");
        Assert.Matches(regex, "Api_Key");
        Assert.NotEqual(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, regex.MatchTimeout);
    }
}

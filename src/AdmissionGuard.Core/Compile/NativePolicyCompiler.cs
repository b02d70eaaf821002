using AdmissionGuard.Core.Policies.ConfigChecksum;
using AdmissionGuard.Core.Policies.HookDeadline;
using AdmissionGuard.Core.Policies.KeepStateful;
using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Compile;

/// <summary>What <c>admission-guard compile</c> writes: the documents, and notes for standard error.</summary>
internal sealed record NativeCompilation(IReadOnlyList<YamlMap> Documents, IReadOnlyList<NativeRule> Rules, IReadOnlyList<string> Notes);

/// <summary>
/// Compiles a policy set to Kubernetes' own admission policies (docs/native-policies.md): one
/// ValidatingAdmissionPolicy and binding per validating policy with something CEL can express, one
/// MutatingAdmissionPolicy and binding for keep-stateful, each with the policy's kinds,
/// exclusions and action. A native policy never denies what the webhook allows: each rule
/// compiles to the same verdict or a narrower one, and a CEL error fails open (failurePolicy
/// Ignore), since the webhook is still there to judge.
/// </summary>
internal static class NativePolicyCompiler
{
    public const string NamePrefix = "admission-guard-";

    public const string PolicyLabel = "admission-guard.io/policy";

    private static readonly Dictionary<string, INativeRuleCompiler> Compilers = new(StringComparer.Ordinal)
    {
        [ConfigChecksumPolicy.PolicyId] = new ConfigChecksumNative(),
        [HookDeadlinePolicy.PolicyId] = new HookDeadlineNative(),
        [KeepStatefulPolicy.PolicyId] = new KeepStatefulNative(),
        [NoPlaintextSecretsPolicy.PolicyId] = new NoPlaintextSecretsNative(),
    };

    public static NativeCompilation Compile(PolicySet policies, KubeVersion version)
    {
        var documents = new List<YamlMap>();
        var rules = new List<NativeRule>();
        var notes = new List<string>();
        var validating = version.ValidatingApiVersion;
        var mutating = version.MutatingApiVersion;
        if (validating is null)
        {
            notes.Add($"Kubernetes {version} has no ValidatingAdmissionPolicy v1 (GA in {KubeVersion.ValidatingGa}): no validating policy written");
        }

        if (mutating is null)
        {
            notes.Add($"Kubernetes {version} has no MutatingAdmissionPolicy (beta in {KubeVersion.MutatingBeta}, GA in {KubeVersion.MutatingGa}): keep-stateful stays with the webhook");
        }

        foreach (var binding in policies.Bindings)
        {
            if (binding.Settings.Action == PolicyAction.Off || !Compilers.TryGetValue(binding.Id, out var compiler))
            {
                continue;
            }

            if (compiler.Compile(binding) is not { } rule)
            {
                notes.Add($"{binding.Id}: nothing of it compiles for its kinds, action and parameters; it stays with the webhook");
                continue;
            }

            var apiVersion = rule.ApplyConfiguration is null ? validating : mutating;
            if (apiVersion is null)
            {
                continue;
            }

            rules.Add(rule);
            documents.Add(Policy(rule, binding.Settings, apiVersion));
            documents.Add(Binding(rule, binding.Settings, apiVersion));
        }

        return new NativeCompilation(documents, rules, notes);
    }

    private static YamlMap Metadata(string policyId) => new()
    {
        ["name"] = NamePrefix + policyId,
        ["labels"] = new YamlMap
        {
            ["app.kubernetes.io/name"] = "admission-guard",
            [PolicyLabel] = policyId,
        },
    };

    private static YamlMap Policy(NativeRule rule, PolicySettings settings, string apiVersion)
    {
        var spec = new YamlMap
        {
            // A CEL error (a cost limit, an unexpected shape) must not deny what the webhook may allow.
            ["failurePolicy"] = "Ignore",
            ["matchConstraints"] = NativeMatch.Constraints(rule.Kinds, settings, rule.CreateOnly),
        };
        var conditions = NativeMatch.Conditions(rule.PolicyId, settings, rule.MatchConditions);
        if (conditions.Count > 0)
        {
            spec["matchConditions"] = conditions;
        }

        spec["variables"] = rule.Variables.Select(v => (object)new YamlMap { ["name"] = v.Name, ["expression"] = v.Expression }).ToList();
        if (rule.ApplyConfiguration is { } apply)
        {
            spec["mutations"] = new List<object>
            {
                new YamlMap
                {
                    ["patchType"] = "ApplyConfiguration",
                    ["applyConfiguration"] = new YamlMap { ["expression"] = apply },
                },
            };
            spec["reinvocationPolicy"] = "Never";
        }
        else
        {
            spec["validations"] = rule.Validations.Select(v => (object)new YamlMap
            {
                ["expression"] = v.Expression,
                ["messageExpression"] = v.MessageExpression,
                ["reason"] = "Forbidden",
            }).ToList();
        }

        return new YamlMap
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = rule.ApplyConfiguration is null ? "ValidatingAdmissionPolicy" : "MutatingAdmissionPolicy",
            ["metadata"] = Metadata(rule.PolicyId),
            ["spec"] = spec,
        };
    }

    private static YamlMap Binding(NativeRule rule, PolicySettings settings, string apiVersion)
    {
        var spec = new YamlMap { ["policyName"] = NamePrefix + rule.PolicyId };
        if (rule.ApplyConfiguration is null)
        {
            spec["validationActions"] = new List<object>
            {
                settings.Action switch
                {
                    PolicyAction.Enforce => "Deny",
                    PolicyAction.Warn => "Warn",
                    _ => "Audit",
                },
            };
        }

        return new YamlMap
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = rule.ApplyConfiguration is null ? "ValidatingAdmissionPolicyBinding" : "MutatingAdmissionPolicyBinding",
            ["metadata"] = Metadata(rule.PolicyId),
            ["spec"] = spec,
        };
    }
}

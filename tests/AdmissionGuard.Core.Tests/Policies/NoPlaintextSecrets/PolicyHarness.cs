using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Tests.Policies.NoPlaintextSecrets;

/// <summary>The policy with its default parameters in an engine, and manifests read the way the CLI reads them.</summary>
internal static class PolicyHarness
{
    public static PolicyEngine Engine(NoPlaintextSecretsParameters? parameters = null, PolicyServices? services = null)
    {
        var descriptor = PolicyCatalog.Find(NoPlaintextSecretsPolicy.PolicyId)!;
        var policy = new NoPlaintextSecretsPolicy(parameters ?? new NoPlaintextSecretsParameters(), services ?? PolicyServices.Default);
        var settings = new PolicySettings { Kinds = descriptor.SupportedKinds.ToHashSet() };
        return new PolicyEngine(new PolicySet([new PolicyBinding(policy, settings, "test")]));
    }

    /// <summary>Every object of a manifest stream as the CLI sees it: a CREATE from a file.</summary>
    public static IEnumerable<(JsonObject Object, AdmissionRequest Request)> FromManifest(string text, string file)
    {
        foreach (var document in ManifestReader.Read(text, file))
        {
            if (document.Content is not JsonObject obj || obj["apiVersion"] is null || obj["kind"] is null)
            {
                continue;
            }

            var kind = GroupVersionKind.FromApiVersion((string)obj["apiVersion"]!, (string)obj["kind"]!);
            var request = ManifestRequest.For(
                JsonSerializer.SerializeToElement(obj),
                kind,
                (string?)obj["metadata"]?["namespace"] ?? "default",
                (string?)obj["metadata"]?["name"] ?? string.Empty);
            yield return (obj, request);
        }
    }
}

using System.Text;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Engine;

/// <summary>Builds engines from test policies and requests from JSON, the way the webhook hands them over.</summary>
internal static class EngineHarness
{
    public static PolicyBinding Bind(IPolicy policy, PolicyAction action = PolicyAction.Enforce, Exclusions? exclude = null,
        bool allowExistingViolations = false, bool allowObjectExemption = false, GroupVersionKind? kind = null) =>
        new(policy, new PolicySettings
        {
            Action = action,
            Kinds = new HashSet<GroupVersionKind> { kind ?? KnownKinds.ConfigMap },
            Exclude = exclude ?? Exclusions.None,
            AllowExistingViolations = allowExistingViolations,
            AllowObjectExemption = allowObjectExemption,
        }, "test");

    public static PolicyEngine NewEngine(params PolicyBinding[] bindings) => new(new PolicySet(bindings));

    /// <summary>A ConfigMap <c>team-a/settings</c> with the given labels and annotations.</summary>
    public static string ConfigMap(string labels = "{}", string annotations = "{}", string name = "settings") =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"team-a","labels":{{{labels}}},"annotations":{{{annotations}}}},"data":{"a":"b"}}""";

    public static AdmissionRequest Request(
        string? obj,
        Operation operation = Operation.Create,
        string? oldObject = null,
        GroupVersionKind? kind = null,
        string subResource = "",
        string ns = "team-a",
        string name = "settings",
        UserInfo? user = null,
        bool dryRun = false,
        string fieldManager = "") => TestRequest.For(
        obj is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(obj),
        kind ?? KnownKinds.ConfigMap,
        ns,
        name,
        operation,
        oldObject is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(oldObject),
        uid: "0df28fbd-5f5f-11e8-9d6e-0a580a2c0001",
        user: user ?? new UserInfo("alice", ["system:authenticated"]),
        dryRun,
        fieldManager,
        subResource);
}

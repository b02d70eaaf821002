using AdmissionGuard.Core.Policies.ConfigChecksum;
using AdmissionGuard.Core.Policies.HookDeadline;
using AdmissionGuard.Core.Policies.KeepStateful;
using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Policies;

/// <summary>
/// Every policy AdmissionGuard knows, by id: the one list a new policy is added to (see
/// docs/adding-a-policy.md). Each policy class declares its descriptor.
/// </summary>
internal static class PolicyCatalog
{
    public static readonly IReadOnlyList<PolicyDescriptor> All =
    [
        ConfigChecksumPolicy.Descriptor,
        KeepStatefulPolicy.Descriptor,
        HookDeadlinePolicy.Descriptor,
        NoPlaintextSecretsPolicy.Descriptor,
    ];

    public static PolicyDescriptor? Find(string id)
    {
        foreach (var d in All)
        {
            if (d.Id == id)
            {
                return d;
            }
        }

        return null;
    }
}

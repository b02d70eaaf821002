using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies;

/// <summary>What the loader needs to know about one policy id: its type, parameters and kinds.</summary>
public sealed record PolicyDescriptor(
    string Id,
    PolicyType Type,
    Type ParametersType,
    IReadOnlyList<GroupVersionKind> SupportedKinds,
    Func<object, PolicyServices, IPolicy> Create,
    string Summary);

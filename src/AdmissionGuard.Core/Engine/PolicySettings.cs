namespace AdmissionGuard.Core.Engine;

/// <summary>The engine-level settings of one policy (policy file <c>spec</c> minus <c>parameters</c>).</summary>
internal sealed record PolicySettings
{
    public PolicyAction Action { get; init; } = PolicyAction.Enforce;

    /// <summary>The kinds the policy runs on (<c>spec.match.kinds</c>).</summary>
    public required IReadOnlySet<GroupVersionKind> Kinds { get; init; }

    public Exclusions Exclude { get; init; } = Exclusions.None;

    /// <summary>UPDATE whose old object already violated the policy: allow with a warning.</summary>
    public bool AllowExistingViolations { get; init; }

    /// <summary>Objects may opt out with the <c>admission-guard.io/exempt</c> annotation.</summary>
    public bool AllowObjectExemption { get; init; }
}

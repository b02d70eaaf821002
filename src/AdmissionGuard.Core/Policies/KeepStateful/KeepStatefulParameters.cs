namespace AdmissionGuard.Core.Policies.KeepStateful;

/// <summary>Parameters of <c>keep-stateful</c> (docs/keep-stateful.md).</summary>
public sealed record KeepStatefulParameters
{
    /// <summary>Objects applied by Helm, Argo CD or Flux, or read from a manifest file by the CLI.</summary>
    public const string ScopeManaged = "managed";

    /// <summary>Every object of the matched kinds, whoever applied it.</summary>
    public const string ScopeAll = "all";

    /// <summary><c>managed</c>: objects applied by Helm, Argo CD or Flux; <c>all</c>: every object.</summary>
    public string Scope { get; init; } = ScopeManaged;

    /// <summary>Also add Argo CD's <c>Prune=false,Delete=false</c> and Flux's <c>prune: disabled</c>.</summary>
    public bool GitopsEquivalents { get; init; } = true;
}

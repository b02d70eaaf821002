namespace AdmissionGuard.Core.Policies.KeepStateful;

/// <summary>Parameters of <c>keep-stateful</c> (docs/keep-stateful.md).</summary>
internal sealed record KeepStatefulParameters
{
    /// <summary>Objects applied by Helm, Argo CD or Flux, or read from a manifest file by the CLI.</summary>
    public const string ScopeManaged = "managed";

    /// <summary>Every object of the matched kinds, whoever applied it.</summary>
    public const string ScopeAll = "all";

    [Parameter(
        "`managed`: Helm, Argo CD, Flux and manifest files; `all`: every object",
        Rule = "`managed` or `all`", Values = [ScopeManaged, ScopeAll])]
    public string Scope { get; init; } = ScopeManaged;

    [Parameter("add what the applier reads (Argo CD's `Prune=false,Delete=false`, Flux's `prune: disabled`, nothing for kubectl); `false`: Helm's `keep` for every applier")]
    public bool GitopsEquivalents { get; init; } = true;
}

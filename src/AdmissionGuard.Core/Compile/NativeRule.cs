namespace AdmissionGuard.Core.Compile;

/// <summary>A named CEL expression of a policy (<c>spec.variables</c>).</summary>
internal sealed record CelVariable(string Name, string Expression);

/// <summary>One validation: the expression that must hold and the message when it does not.</summary>
internal sealed record CelValidation(string Expression, string MessageExpression);

/// <summary>
/// What one policy compiles to: the kinds the native policy matches (a subset of the policy's),
/// its variables, and either validations (a ValidatingAdmissionPolicy) or one apply-configuration
/// mutation (a MutatingAdmissionPolicy). <see cref="WebhookOnly"/> says, rule by rule, what stays
/// with the webhook for the parameters in force.
/// </summary>
internal sealed record NativeRule
{
    public required string PolicyId { get; init; }

    public required IReadOnlyList<GroupVersionKind> Kinds { get; init; }

    public IReadOnlyList<CelVariable> Variables { get; init; } = [];

    public IReadOnlyList<CelValidation> Validations { get; init; } = [];

    /// <summary>For a mutating policy: an expression yielding an <c>Object{...}</c> apply configuration.</summary>
    public string? ApplyConfiguration { get; init; }

    /// <summary>Extra match conditions of the rule itself (before the exclusions').</summary>
    public IReadOnlyList<(string Name, string Expression)> MatchConditions { get; init; } = [];

    /// <summary>Only CREATE: an UPDATE may carry an existing violation the webhook allows (allowExistingViolations).</summary>
    public bool CreateOnly { get; init; }

    public IReadOnlyList<string> WebhookOnly { get; init; } = [];
}

/// <summary>Compiles one policy's rules, for its parameters, to CEL; null when nothing of it compiles.</summary>
internal interface INativeRuleCompiler
{
    NativeRule? Compile(PolicyBinding binding);
}

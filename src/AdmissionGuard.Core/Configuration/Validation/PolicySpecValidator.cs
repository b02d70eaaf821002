using FluentValidation;

namespace AdmissionGuard.Core.Configuration.Validation;

/// <summary>
/// <c>spec</c>: the action, what the policy matches, what it excludes and its parameters. Which
/// kinds are allowed depends on the policy, so there is one validator per policy id (and one for
/// an id nobody knows, which checks everything that does not depend on it); the parameters are
/// checked by their policy's own validator.
/// </summary>
internal sealed class PolicySpecValidator : AbstractValidator<PolicySpecPart>
{
    private static readonly PolicySpecValidator ForUnknownPolicy = new(null);

    private static readonly Dictionary<string, PolicySpecValidator> ByPolicy =
        PolicyCatalog.All.ToDictionary(d => d.Id, d => new PolicySpecValidator(d), StringComparer.Ordinal);

    private PolicySpecValidator(PolicyDescriptor? policy)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(s => s.Action)
            .NotEmpty().WithMessage($"required: one of {string.Join(", ", PolicyFileFormat.Actions)}")
            .Must(a => PolicyFileFormat.TryParseAction(a, out _))
            .WithMessage(s => $"unknown action '{s.Action}'; expected one of {string.Join(", ", PolicyFileFormat.Actions)}");

        RuleFor(s => s.Match!)
            .NotNull().WithMessage("required: match.kinds lists the kinds the policy runs on")
            .SetValidator(new PolicyMatchValidator(policy));

        RuleFor(s => s.Exclude).SetValidator(PolicyExcludeValidator.Instance);

        // The parameters carry their policy's validator (beside the policy, in its folder).
        RuleFor(s => s.Parameters).Custom((parameters, context) =>
        {
            foreach (var failure in parameters?.Validate(context.PropertyPath) ?? [])
            {
                context.AddFailure(failure);
            }
        });
    }

    public static PolicySpecValidator For(PolicyDescriptor? policy) =>
        policy is not null && ByPolicy.TryGetValue(policy.Id, out var validator) ? validator : ForUnknownPolicy;
}

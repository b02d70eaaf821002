using FluentValidation;

namespace AdmissionGuard.Core.Configuration.Validation;

/// <summary><c>spec.match.kinds</c>: at least one, each written <c>group/version/Kind</c>, each one the policy supports.</summary>
internal sealed class PolicyMatchValidator : AbstractValidator<PolicyMatchPart>
{
    public PolicyMatchValidator(PolicyDescriptor? policy)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(m => m.Kinds)
            .NotEmpty().WithMessage("at least one kind is required (to turn the policy off, set action: off)");

        RuleForEach(m => m.Kinds)
            .Must(k => GroupVersionKind.TryParse(k, out _))
            .WithMessage((_, kind) => $"'{kind}' is not a kind; write group/version/Kind, e.g. apps/v1/Deployment (core kinds: v1/Secret)")
            .Must(k => policy is null || IsSupported(policy, k))
            .WithMessage((_, kind) => $"{policy!.Id} does not support {kind}; supported: {string.Join(", ", policy.SupportedKinds)}");
    }

    private static bool IsSupported(PolicyDescriptor policy, string kind) =>
        GroupVersionKind.TryParse(kind, out var gvk) && policy.SupportedKinds.Contains(gvk);
}

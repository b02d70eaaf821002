using FluentValidation;

namespace AdmissionGuard.Core.Configuration.Validation;

/// <summary>The document as a whole: a GuardPolicy of our API version, with metadata and spec.</summary>
internal sealed class PolicyDocumentValidator : AbstractValidator<PolicyDocument>
{
    public static readonly PolicyDocumentValidator Instance = new();

    public PolicyDocumentValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(d => d.ApiVersion)
            .NotEmpty().WithMessage($"required: {PolicyFileFormat.ApiVersion}")
            .Equal(PolicyFileFormat.ApiVersion).WithMessage(d => $"'{d.ApiVersion}' is not {PolicyFileFormat.ApiVersion}");

        RuleFor(d => d.Kind)
            .NotEmpty().WithMessage($"required: {PolicyFileFormat.Kind}")
            .Equal(PolicyFileFormat.Kind).WithMessage(d => $"'{d.Kind}' is not {PolicyFileFormat.Kind}");

        When(d => PolicyFileFormat.IsGuardPolicy(d.ApiVersion, d.Kind), () =>
        {
            RuleFor(d => d.Metadata!)
                .NotNull().WithMessage("required: metadata.name names the policy")
                .SetValidator(PolicyMetadataValidator.Instance);

            RuleFor(d => d.Spec!)
                .NotNull().WithMessage("required: spec.action and spec.match")
                .SetValidator(d => PolicySpecValidator.For(PolicyCatalog.Find(d.Metadata?.Name ?? string.Empty)));
        });
    }
}

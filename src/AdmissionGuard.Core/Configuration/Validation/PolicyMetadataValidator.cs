using FluentValidation;

namespace AdmissionGuard.Core.Configuration.Validation;

/// <summary><c>metadata.name</c> is the policy id, and it must be one AdmissionGuard knows.</summary>
internal sealed class PolicyMetadataValidator : AbstractValidator<PolicyMetadataPart>
{
    public static readonly PolicyMetadataValidator Instance = new();

    private static readonly string KnownIds = string.Join(", ", PolicyCatalog.All.Select(d => d.Id));

    public PolicyMetadataValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(m => m.Name)
            .NotEmpty().WithMessage($"required: the policy id, one of {KnownIds}")
            .Must(id => PolicyCatalog.Find(id!) is not null).WithMessage(m => $"unknown policy '{m.Name}'; known: {KnownIds}");
    }
}

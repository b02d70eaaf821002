using AdmissionGuard.Core.Configuration;
using FluentValidation;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

internal sealed class NoPlaintextSecretsParametersValidator : AbstractValidator<NoPlaintextSecretsParameters>
{
    public NoPlaintextSecretsParametersValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(p => p.CredentialNamePattern)
            .NotEmpty().WithMessage("must not be empty: it would match every name")
            .Custom((pattern, context) =>
            {
                try
                {
                    PolicyFileFormat.CheckPattern(pattern);
                }
                catch (ArgumentException e)
                {
                    context.AddFailure($"not a valid regular expression: {e.Message}");
                }
            });

        RuleForEach(p => p.ExemptTypes).NotEmpty().WithMessage("empty Secret type");
        RuleForEach(p => p.TrustedOwners).NotEmpty().WithMessage("empty owner kind");
        RuleForEach(p => p.TrustedAppliers).NotEmpty().WithMessage("empty user name");
    }
}

using FluentValidation;

namespace AdmissionGuard.Core.Policies.KeepStateful;

internal sealed class KeepStatefulParametersValidator : AbstractValidator<KeepStatefulParameters>
{
    public KeepStatefulParametersValidator()
    {
        RuleFor(p => p.Scope)
            .Must(scope => scope is "managed" or "all")
            .WithMessage(p => $"'{p.Scope}' is not a scope; expected managed (objects applied by Helm, Argo CD or Flux) or all");
    }
}

using FluentValidation;

namespace AdmissionGuard.Core.Policies.HookDeadline;

internal sealed class HookDeadlineParametersValidator : AbstractValidator<HookDeadlineParameters>
{
    public HookDeadlineParametersValidator()
    {
        RuleFor(p => p.MaxSeconds)
            .GreaterThan(0).When(p => p.MaxSeconds is not null)
            .WithMessage(p => $"must be a positive number of seconds, got {p.MaxSeconds}; leave it out for no upper bound");
    }
}

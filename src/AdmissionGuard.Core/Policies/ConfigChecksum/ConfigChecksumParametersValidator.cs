using FluentValidation;

namespace AdmissionGuard.Core.Policies.ConfigChecksum;

internal sealed class ConfigChecksumParametersValidator : AbstractValidator<ConfigChecksumParameters>
{
    public ConfigChecksumParametersValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(p => p.AnnotationPrefix)
            .NotEmpty().WithMessage("must not be empty: an empty prefix would accept any annotation with a hex value")
            .Must(prefix => !prefix.Any(char.IsWhiteSpace)).WithMessage("an annotation key has no spaces");

        RuleForEach(p => p.IgnoreConfigMaps)
            .NotEmpty().WithMessage("empty ConfigMap name");

        RuleForEach(p => p.AlwaysRollAnnotations)
            .NotEmpty().WithMessage("empty annotation key")
            .Must(key => !key.Any(char.IsWhiteSpace)).WithMessage("an annotation key has no spaces");
    }
}

using FluentValidation;

namespace AdmissionGuard.Core.Policies.ConfigChecksum;

internal sealed class ConfigChecksumParametersValidator : AbstractValidator<ConfigChecksumParameters>
{
    public ConfigChecksumParametersValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        AnnotationKey(RuleFor(p => p.AnnotationPrefix), "must not be empty: an empty prefix would accept any annotation with a hex value");

        RuleForEach(p => p.IgnoreConfigMaps)
            .NotEmpty().WithMessage("empty ConfigMap name");

        AnnotationKey(RuleForEach(p => p.AlwaysRollAnnotations), "empty annotation key");
    }

    /// <summary>An annotation key, or the prefix of one: not empty, and no white space.</summary>
    private static void AnnotationKey(IRuleBuilder<ConfigChecksumParameters, string> rule, string emptyMessage) =>
        rule.NotEmpty().WithMessage(emptyMessage)
            .Must(key => !key.Any(char.IsWhiteSpace)).WithMessage("an annotation key has no spaces");
}

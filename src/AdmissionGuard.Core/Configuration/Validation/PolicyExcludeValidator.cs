using FluentValidation;

namespace AdmissionGuard.Core.Configuration.Validation;

/// <summary>
/// <c>spec.exclude</c>: exact namespaces, name globs, users, groups and service accounts written
/// <c>namespace/name</c>. Empty entries are errors: an empty glob would match nothing and hide a
/// templating mistake.
/// </summary>
internal sealed class PolicyExcludeValidator : AbstractValidator<PolicyExcludePart>
{
    public static readonly PolicyExcludeValidator Instance = new();

    public PolicyExcludeValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleForEach(e => e.Namespaces)
            .NotEmpty().WithMessage("empty namespace")
            .Must(KubernetesNames.IsDnsLabel)
            .WithMessage((_, ns) => $"'{ns}' is not a namespace name (lower-case letters, digits and '-', at most 63); namespaces are matched exactly, only names take globs");

        RuleForEach(e => e.Names)
            .NotEmpty().WithMessage("empty name pattern; use * to match every name");

        RuleForEach(e => e.Users)
            .NotEmpty().WithMessage("empty user name");

        RuleForEach(e => e.Groups)
            .NotEmpty().WithMessage("empty group name");

        RuleForEach(e => e.ServiceAccounts)
            .NotEmpty().WithMessage("empty service account")
            .Must(KubernetesNames.IsServiceAccountReference)
            .WithMessage((_, sa) => $"'{sa}' is not namespace/name (e.g. argocd/argocd-application-controller); a full username (system:serviceaccount:...) goes under users");
    }
}

using AdmissionGuard.Core.Policies.HookDeadline;

namespace AdmissionGuard.Core.Compile;

/// <summary>
/// <c>hook-deadline</c> in CEL: a Job with <c>helm.sh/hook</c> (or, with <c>includeArgoCDHooks</c>,
/// <c>argocd.argoproj.io/hook</c>) needs a positive <c>spec.activeDeadlineSeconds</c>, at most
/// <c>maxSeconds</c>. A Job whose Argo CD hook list holds <c>Skip</c> is left to the webhook, which
/// decides by the applier whether it is a hook at all. The delete-policy advice only warns, and
/// stays with the webhook.
/// </summary>
internal sealed class HookDeadlineNative : INativeRuleCompiler
{
    public NativeRule? Compile(PolicyBinding binding)
    {
        var p = ((HookDeadlinePolicy)binding.Policy).Parameters;
        var kinds = binding.Settings.Kinds.Where(k => k == KnownKinds.Job).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }

        var argo = Cel.Quote(HookDeadlinePolicy.ArgoHookAnnotation);
        var helm = Cel.Quote(HookDeadlinePolicy.HelmHookAnnotation);
        var isHook = p.IncludeArgoCDHooks
            ? $"({helm} in variables.annotations || {argo} in variables.annotations) && !variables.annotations[?{argo}].orValue('').split(',').exists(v, v.trim() == 'Skip')"
            : $"{helm} in variables.annotations";
        var suggested = p.MaxSeconds is { } max && max < 600 ? max : 600;
        var bound = p.MaxSeconds is { } limit ? $" && object.spec.activeDeadlineSeconds <= {limit}" : string.Empty;
        var boundText = p.MaxSeconds is { } m ? $" and at most {m} (maxSeconds)" : string.Empty;
        var phases =
            $"({helm} in variables.annotations ? 'Helm ' + variables.annotations[{helm}].trim() + ' hook Job' : 'Argo CD ' + variables.annotations[?{argo}].orValue('').trim() + ' hook Job')";
        return new NativeRule
        {
            PolicyId = binding.Id,
            Kinds = kinds,
            CreateOnly = binding.Settings.AllowExistingViolations,
            Variables =
            [
                new("annotations", Cel.Annotations),
                new("isHook", isHook),
            ],
            Validations =
            [
                new(
                    $"!variables.isHook || (has(object.spec.activeDeadlineSeconds) && object.spec.activeDeadlineSeconds > 0{bound})",
                    $"'[{binding.Id}] ' + {Cel.ObjectRef} + ': ' + {phases}"
                        + $" + ' needs a positive spec.activeDeadlineSeconds{boundText}: a hook that hangs holds the release or sync until someone intervenes. Fix: spec.activeDeadlineSeconds: {suggested}'"),
            ],
            WebhookOnly =
            [
                "the hook-delete-policy advice (hook-failed, HookFailed): a warning, never a denial",
                "a Job whose argocd.argoproj.io/hook lists Skip: whether it is a hook depends on the applier (Argo CD never applies it; helm still runs its Helm hook)",
            ],
        };
    }
}

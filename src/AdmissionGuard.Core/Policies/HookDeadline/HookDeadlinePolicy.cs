namespace AdmissionGuard.Core.Policies.HookDeadline;

/// <summary>
/// <c>hook-deadline</c> (docs/hook-deadline.md): a hook Job sets a positive <c>spec.activeDeadlineSeconds</c>, so
/// a stuck migration cannot hang a release. Helm creates hooks from the manifest as they are, with
/// no ownership labels, so the hook annotation alone identifies them; Argo CD's <c>Skip</c> is not a
/// hook. Also advises against <c>hook-failed</c> in <c>helm.sh/hook-delete-policy</c> and Argo CD's
/// <c>HookFailed</c>, which delete the evidence of a failure.
/// </summary>
internal sealed class HookDeadlinePolicy(HookDeadlineParameters parameters) : IPolicy
{
    public const string PolicyId = "hook-deadline";

    public const string HelmHookAnnotation = "helm.sh/hook";
    public const string ArgoHookAnnotation = "argocd.argoproj.io/hook";
    public const string HelmDeletePolicyAnnotation = "helm.sh/hook-delete-policy";
    public const string HelmOutputLogPolicyAnnotation = "helm.sh/hook-output-log-policy";
    public const string ArgoDeletePolicyAnnotation = "argocd.argoproj.io/hook-delete-policy";

    /// <summary>Argo CD's hook type for a manifest it never applies (docs/user-guide/resource_hooks.md).</summary>
    public const string ArgoSkip = "Skip";

    /// <summary>The suggested deadline, bounded by <c>maxSeconds</c> when that is lower.</summary>
    private const long SuggestedSeconds = 600;

    private const string DeadlinePath = "spec.activeDeadlineSeconds";

    public string Id => PolicyId;

    public PolicyType Type => Descriptor.Type;

    public HookDeadlineParameters Parameters { get; } = parameters;

    public PolicyOutcome Evaluate(PolicyContext context)
    {
        var obj = context.Object;
        var helmHook = obj.Annotation(HelmHookAnnotation);
        var argoHook = Parameters.IncludeArgoCDHooks ? obj.Annotation(ArgoHookAnnotation) : null;
        if (argoHook is not null && ListContains(argoHook, ArgoSkip))
        {
            // Argo CD never applies a Skip manifest, so for Argo CD it is no hook; helm still runs a Helm hook beside it.
            if (context.Applier == Applier.ArgoCD)
            {
                return PolicyOutcome.Pass;
            }

            argoHook = null;
        }

        if (helmHook is null && argoHook is null)
        {
            return PolicyOutcome.Pass;
        }

        List<Finding>? findings = null;
        if (DeadlineProblem(context, Phases(helmHook, argoHook)) is { } problem)
        {
            (findings ??= []).Add(problem);
        }

        if (DeletePolicyAdvice(context) is { } advice)
        {
            (findings ??= []).Add(advice);
        }

        if (argoHook is not null && ArgoDeletePolicyAdvice(context) is { } argoAdvice)
        {
            (findings ??= []).Add(argoAdvice);
        }

        return findings is null ? PolicyOutcome.Pass : PolicyOutcome.Of(findings);
    }

    /// <summary>Null when the deadline is fine; else the finding, naming the hook phases.</summary>
    private Finding? DeadlineProblem(PolicyContext context, string phases)
    {
        var suggested = Parameters.MaxSeconds is { } max && max < SuggestedSeconds ? max : SuggestedSeconds;
        var fix = $"{DeadlinePath}: {suggested}";

        // Read from the raw JSON: a string or fractional value must be reported, not fail deserialisation.
        if (!context.Object.TryGet(out var deadline, "spec", "activeDeadlineSeconds") || deadline.ValueKind == JsonValueKind.Null)
        {
            return Violation(
                context,
                $"{phases} has no {DeadlinePath}: a hook that hangs (a migration waiting for a lock, a database that never answers) keeps its Job running without limit and holds the release or sync until someone intervenes",
                $"{context.ObjectRef}: {phases} sets no {DeadlinePath}",
                fix);
        }

        if (deadline.ValueKind != JsonValueKind.Number || !deadline.TryGetInt64(out var seconds))
        {
            return Violation(
                context,
                $"{phases} has a {DeadlinePath} that is not a whole number of seconds",
                $"{context.ObjectRef}: {DeadlinePath} is not a whole number",
                fix);
        }

        if (seconds <= 0)
        {
            return Violation(
                context,
                $"{phases} sets {DeadlinePath} to {seconds}; it must be positive to bound the Job",
                $"{context.ObjectRef}: {DeadlinePath} is {seconds}, must be positive",
                fix);
        }

        if (Parameters.MaxSeconds is { } limit && seconds > limit)
        {
            return Violation(
                context,
                $"{phases} sets {DeadlinePath} to {seconds}, above the maximum of {limit} (maxSeconds): the Job should fail on its own before Helm's --timeout gives up on it",
                $"{context.ObjectRef}: {DeadlinePath} {seconds} exceeds maxSeconds {limit}",
                $"{DeadlinePath}: {limit}");
        }

        return null;
    }

    /// <summary>
    /// Helm's own documentation (topics/charts_hooks.md, "Hook deletion policies") defines
    /// <c>hook-failed</c> as "delete the resource if the hook failed"; Helm deletes the Job with its
    /// Pods and their logs (pkg/action/hooks.go). Since Helm 3.18, <c>helm.sh/hook-output-log-policy:
    /// hook-failed</c> prints a failed hook's Pod logs before that deletion, so with it the advice is moot.
    /// </summary>
    private static Finding? DeletePolicyAdvice(PolicyContext context)
    {
        var deletePolicy = context.Object.Annotation(HelmDeletePolicyAnnotation);
        if (!ListContains(deletePolicy, "hook-failed") || ListContains(context.Object.Annotation(HelmOutputLogPolicyAnnotation), "hook-failed"))
        {
            return null;
        }

        return new Finding(
            PolicyId,
            FindingSeverity.Advice,
            $"{HelmDeletePolicyAnnotation} contains hook-failed: when the hook fails, Helm deletes the Job together with its Pods and logs, leaving nothing to debug. Use hook-succeeded (delete on success, keep failures), or from Helm 3.18 add {HelmOutputLogPolicyAnnotation}: hook-failed to print the logs before the deletion",
            $"{context.ObjectRef}: hook-delete-policy hook-failed deletes a failed hook's logs; use hook-succeeded",
            $"metadata.annotations[{HelmDeletePolicyAnnotation}]",
            $"{HelmDeletePolicyAnnotation}: {Replace(deletePolicy!, "hook-failed", "hook-succeeded")}");
    }

    /// <summary>
    /// Argo CD's <c>HookFailed</c> deletes a hook that failed, its Pods and their logs with it
    /// (docs/user-guide/resource_hooks.md, "Hook Deletion Policies"), the same loss as Helm's
    /// <c>hook-failed</c>; Argo CD has no option that prints the logs first.
    /// </summary>
    private static Finding? ArgoDeletePolicyAdvice(PolicyContext context)
    {
        var deletePolicy = context.Object.Annotation(ArgoDeletePolicyAnnotation);
        if (!ListContains(deletePolicy, "HookFailed"))
        {
            return null;
        }

        return new Finding(
            PolicyId,
            FindingSeverity.Advice,
            $"{ArgoDeletePolicyAnnotation} contains HookFailed: when the hook fails, Argo CD deletes the Job together with its Pods and logs, leaving nothing to debug. Use HookSucceeded (delete on success, keep failures) or BeforeHookCreation (keep the last run until the next sync)",
            $"{context.ObjectRef}: hook-delete-policy HookFailed deletes a failed hook's logs; use HookSucceeded",
            $"metadata.annotations[{ArgoDeletePolicyAnnotation}]",
            $"{ArgoDeletePolicyAnnotation}: {Replace(deletePolicy!, "HookFailed", "HookSucceeded")}");
    }

    private Finding Violation(PolicyContext context, string message, string summary, string fix) =>
        new(PolicyId, FindingSeverity.Violation, message, summary, DeadlinePath, fix);

    /// <summary><c>Helm pre-install,pre-upgrade hook Job</c>, <c>Argo CD PreSync hook Job</c>, or both.</summary>
    private static string Phases(string? helmHook, string? argoHook)
    {
        static string Describe(string tool, string value) =>
            value.Trim().Length == 0 ? $"{tool} hook Job (no phase)" : $"{tool} {value.Trim()} hook Job";

        return (helmHook, argoHook) switch
        {
            ({ } helm, { } argo) => $"{Describe("Helm", helm)} ({Describe("Argo CD", argo)})",
            ({ } helm, null) => Describe("Helm", helm),
            (null, { } argo) => Describe("Argo CD", argo),
            _ => "hook Job",
        };
    }

    /// <summary>Helm splits these annotations on commas and trims each entry (pkg/releaseutil/manifest_sorter.go).</summary>
    private static bool ListContains(string? list, string value)
    {
        if (string.IsNullOrEmpty(list))
        {
            return false;
        }

        foreach (var range in list.AsSpan().Split(','))
        {
            if (list.AsSpan()[range].Trim().SequenceEqual(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The suggested policy: the same entries with the failed policy replaced by the succeeded one (once).</summary>
    private static string Replace(string deletePolicy, string failed, string succeeded)
    {
        var entries = new List<string>(3);
        foreach (var range in deletePolicy.AsSpan().Split(','))
        {
            var entry = deletePolicy.AsSpan()[range].Trim().ToString();
            var replaced = entry == failed ? succeeded : entry;
            if (replaced.Length > 0 && !entries.Contains(replaced))
            {
                entries.Add(replaced);
            }
        }

        return string.Join(',', entries);
    }

    /// <summary>What the catalog, the loader, reports and <c>--help</c> know of the policy; its help is hook-deadline.help.md beside it.</summary>
    public static readonly PolicyDescriptor<HookDeadlineParameters> Descriptor = new(
        PolicyId, PolicyType.Validating, PolicyKind.Registered(KnownKinds.Job),
        "A Helm hook Job sets spec.activeDeadlineSeconds.",
        (p, _) => new HookDeadlinePolicy(p), new HookDeadlineParametersValidator());
}

using AdmissionGuard.Core.Exceptions;
using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// Runs the policies of one webhook type over a request and turns their outcomes into one
/// decision (docs/engine.md): actions, exclusions, object exemptions, existing violations on
/// UPDATE, and a verdict per finding. This is the only place where a finding's outcome is
/// decided; the webhook's answer and the CLI's report only read the verdicts.
/// Immutable and thread-safe; a reload builds a new engine.
/// </summary>
/// <param name="exceptions">The PolicyExceptions in force (read once per request); none when null.</param>
/// <param name="clock">What "now" is for exception expiry; the system clock when null.</param>
internal sealed class PolicyEngine(PolicySet policies, IExceptionSource? exceptions = null, TimeProvider? clock = null)
{
    private readonly IExceptionSource exceptions = exceptions ?? FixedExceptions.None;
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    /// <summary>Objects ask for exemption with this annotation: <c>"policy-id[,policy-id]"</c>.</summary>
    public const string ExemptAnnotation = "admission-guard.io/exempt";

    public PolicySet Policies { get; } = policies;

    /// <summary>True when some enabled policy of the type targets the kind.</summary>
    public bool Targets(GroupVersionKind kind, PolicyType type) =>
        Policies.For(kind, type).Length > 0 || (type == PolicyType.Validating && ExceptionAdmission.IsExceptionKind(kind));

    /// <summary>The exception source this engine reads (the webhook's watch, or a fixed set).</summary>
    public IExceptionSource Exceptions => exceptions;

    /// <summary>Now, by the engine's clock.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    public AdmissionDecision Evaluate(AdmissionRequest request, PolicyType type)
    {
        if (request.Operation is Operation.Delete or Operation.Connect || request.SubResource.Length > 0)
        {
            return AdmissionDecision.AllowedWithoutEvaluation;
        }

        if (type == PolicyType.Validating && ExceptionAdmission.IsExceptionKind(request.Kind))
        {
            var review = ExceptionAdmission.Review(request, Policies, clock.GetUtcNow());
            return new AdmissionDecision
            {
                Decision = review.Result == PolicyResultKind.Deny ? Decision.Deny : Decision.Allow,
                Results = [review],
                Kind = request.Kind,
                ObjectRef = $"{PolicyException.KindName} {request.Namespace}/{request.Name}",
            };
        }

        var bindings = Policies.For(request.Kind, type);
        if (bindings.Length == 0)
        {
            return AdmissionDecision.AllowedWithoutEvaluation;
        }

        PolicyContext context;
        KubeObject? obj = null;
        try
        {
            obj = request.Object;
            if (obj is null)
            {
                return Unreadable(request, new UnreadableObject(null, string.Empty, request.ObjectJson.IsEmpty ? "is missing" : "is not a JSON object"));
            }

            context = new PolicyContext(request, obj, ApplierDetector.Detect(request, obj));
            _ = context.ObjectRef;
        }
        catch (UnreadableObjectException e)
        {
            return Unreadable(request, Describe(e, obj, policyId: null));
        }

        var results = new PolicyResult[bindings.Length];
        UnreadableObject? unreadable = null;
        var excepting = exceptions.Current;
        var now = excepting.IsEmpty ? default : clock.GetUtcNow();
        for (var i = 0; i < bindings.Length; i++)
        {
            try
            {
                results[i] = EvaluateOne(bindings[i], context, type, excepting, now);
            }
            catch (UnreadableObjectException e)
            {
                unreadable ??= Describe(e, context.Object, bindings[i].Id);
                results[i] = PolicyResult.Error(bindings[i].Id, bindings[i].Settings.Action);
            }
        }

        return Decide(results, context, unreadable);
    }

    private static PolicyResult EvaluateOne(PolicyBinding binding, PolicyContext context, PolicyType type, ExceptionSet exceptions, DateTimeOffset now)
    {
        var settings = binding.Settings;
        var request = context.Request;
        var objectName = context.Object.Metadata.Name ?? request.Name;

        if (settings.Exclude.Match(request, objectName) is { } reason)
        {
            return PolicyResult.Excluded(binding.Id, settings.Action, reason);
        }

        if (!exceptions.IsEmpty && FindException(exceptions, binding.Id, context, objectName, now) is { } exception)
        {
            return Excepted(binding, context, exception, now);
        }

        string? exemptionNote = null;
        if (AsksExemption(context.Object, binding.Id))
        {
            if (settings.AllowObjectExemption)
            {
                var finding = new Finding(
                    binding.Id,
                    FindingSeverity.Advice,
                    $"exempted by the annotation {ExemptAnnotation}",
                    $"{context.ObjectRef} exempted by annotation {ExemptAnnotation}",
                    "metadata.annotations",
                    $"remove {ExemptAnnotation} once the object complies");
                return PolicyResult.Exempt(binding.Id, settings.Action, new Verdict(VerdictOutcome.Exempted, finding));
            }

            exemptionNote = $"{ExemptAnnotation} ignored: this policy does not allow object exemptions";
        }

        var outcome = binding.Policy.Evaluate(context);
        var result = type == PolicyType.Mutating
            ? MutationResult(binding, outcome)
            : ValidationResult(binding, outcome, context);
        return exemptionNote is null ? result : WithNote(result, exemptionNote);
    }

    private static PolicyException? FindException(ExceptionSet exceptions, string policyId, PolicyContext context, string objectName, DateTimeOffset now)
    {
        var ns = context.Object.Metadata.NamespaceProperty is { Length: > 0 } n ? n : context.Request.Namespace;
        return exceptions.Find(policyId, context.Request.Kind, ns, objectName, context.Object.Metadata.Labels, now);
    }

    /// <summary>
    /// An exception in force: the policy's findings neither deny nor patch. The policy still runs,
    /// so that an object that only passes because of the exception is told so (one warning per
    /// finding, naming the exception and its expiry); one that complies anyway is simply skipped.
    /// </summary>
    private static PolicyResult Excepted(PolicyBinding binding, PolicyContext context, PolicyException exception, DateTimeOffset now)
    {
        var outcome = binding.Policy.Evaluate(context);
        var granted = $"excepted by {exception.Display} until {exception.ExpiryText}{ExpiringSoon(exception, now)}";
        var verdicts = new Verdict[outcome.Findings.Count];
        for (var i = 0; i < verdicts.Length; i++)
        {
            var f = outcome.Findings[i];
            var excepted = f with
            {
                Message = $"{granted} ({exception.Reason}{(exception.Ticket is { Length: > 0 } t ? ", " + t : string.Empty)}): {f.Message}",
                Summary = $"{context.ObjectRef} {granted}: {f.Summary}",
            };
            verdicts[i] = new Verdict(VerdictOutcome.Excepted, excepted);
        }

        return PolicyResult.Excepted(binding.Id, binding.Settings.Action, verdicts, exception, $"{exception.Display} until {exception.ExpiryText}");
    }

    /// <summary>Within a week of its expiry, an exception's warning says how soon it ends: <c> (expires in 2 days)</c>.</summary>
    private static string ExpiringSoon(PolicyException exception, DateTimeOffset now)
    {
        var left = exception.ExpiresAt - now;
        if (left > PolicyException.ExpiringSoon)
        {
            return string.Empty;
        }

        return left.TotalHours >= 24 ? $" (expires in {Count((int)Math.Ceiling(left.TotalDays), "day")})"
            : left.TotalMinutes >= 60 ? $" (expires in {Count((int)Math.Ceiling(left.TotalHours), "hour")})"
            : " (expires within the hour)";

        static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
    }

    private static PolicyResult ValidationResult(PolicyBinding binding, PolicyOutcome outcome, PolicyContext context)
    {
        var action = binding.Settings.Action;
        if (outcome.Findings.Count == 0)
        {
            return PolicyResult.Pass(binding.Id, action);
        }

        if (!outcome.HasViolation)
        {
            return Reported(binding.Id, action, outcome.Findings);
        }

        if (binding.Settings.AllowExistingViolations && context.Request.Operation == Operation.Update && OldObjectViolates(binding, context))
        {
            return WithNote(Reported(binding.Id, action, outcome.Findings), "existing violation allowed on UPDATE (allowExistingViolations)");
        }

        if (action != PolicyAction.Enforce)
        {
            return Reported(binding.Id, action, outcome.Findings);
        }

        // Enforced: certain violations deny; advice and doubtful violations that come with them only warn.
        var verdicts = new Verdict[outcome.Findings.Count];
        for (var i = 0; i < verdicts.Length; i++)
        {
            var f = outcome.Findings[i];
            verdicts[i] = new Verdict(f.IsCertainViolation ? VerdictOutcome.Deny : VerdictOutcome.Warn, f);
        }

        return PolicyResult.Deny(binding.Id, action, verdicts);
    }

    private static PolicyResult MutationResult(PolicyBinding binding, PolicyOutcome outcome)
    {
        var action = binding.Settings.Action;
        if (outcome.Patch.Count == 0)
        {
            return outcome.Findings.Count == 0
                ? PolicyResult.Pass(binding.Id, action)
                : Reported(binding.Id, action, outcome.Findings);
        }

        if (action != PolicyAction.Enforce)
        {
            // Warn and audit only say what the patch would do; a policy that did not describe it still gets it said.
            return Reported(binding.Id, action, outcome.Findings.Count > 0 ? outcome.Findings : DescribePatch(binding.Id, outcome.Patch, "would "));
        }

        // Enforced: the findings describe the change, and advice warns. A change is never silent:
        // when the policy describes none, each operation is described.
        var verdicts = new List<Verdict>(outcome.Findings.Count);
        var described = false;
        foreach (var f in outcome.Findings)
        {
            var isAdvice = f.Severity == FindingSeverity.Advice;
            described |= !isAdvice;
            verdicts.Add(new Verdict(isAdvice ? VerdictOutcome.Warn : VerdictOutcome.Mutate, f));
        }

        if (!described)
        {
            foreach (var f in DescribePatch(binding.Id, outcome.Patch, string.Empty))
            {
                verdicts.Add(new Verdict(VerdictOutcome.Mutate, f));
            }
        }

        return PolicyResult.Mutate(binding.Id, action, verdicts, outcome.Patch);
    }

    /// <summary>Findings that do not deny: warnings under enforce and warn, records under audit.</summary>
    private static PolicyResult Reported(string policyId, PolicyAction action, IReadOnlyList<Finding> findings)
    {
        var outcome = action == PolicyAction.Audit ? VerdictOutcome.Audit : VerdictOutcome.Warn;
        var verdicts = new Verdict[findings.Count];
        for (var i = 0; i < verdicts.Length; i++)
        {
            verdicts[i] = new Verdict(outcome, findings[i]);
        }

        return PolicyResult.Reported(policyId, action, verdicts);
    }

    /// <summary>A note speaks to the user as a warning, except under audit, which records without a word.</summary>
    private static PolicyResult WithNote(PolicyResult result, string note)
    {
        var outcome = result.Action == PolicyAction.Audit ? VerdictOutcome.Audit : VerdictOutcome.Note;
        var finding = new Finding(result.PolicyId, FindingSeverity.Advice, note, note, string.Empty, string.Empty);
        return result with { Verdicts = [.. result.Verdicts, new Verdict(outcome, finding, IsNote: true)] };
    }

    /// <summary><c>adds metadata.annotations["helm.sh/resource-policy"]: keep</c>, or with <c>would </c> before it when not enforced.</summary>
    private static Finding[] DescribePatch(string policyId, IReadOnlyList<JsonPatchOperation> patch, string would)
    {
        var findings = new Finding[patch.Count];
        for (var i = 0; i < patch.Count; i++)
        {
            var op = patch[i];
            var path = JsonPointer.ToFieldPath(op.Path);
            var text = would.Length > 0 ? $"would {op.Op} {op.Path}" : $"{op.Op}s {path}: {ValueText(op.Value)}";
            var fix = would.Length > 0 ? $"let the policy enforce, or {op.Op} {op.Path} yourself" : string.Empty;
            findings[i] = new Finding(policyId, FindingSeverity.Violation, text, text, would.Length > 0 ? op.Path : path, fix);
        }

        return findings;
    }

    /// <summary>Patch values are the policies' own (annotation values, maps of them), never manifest content.</summary>
    private static string ValueText(System.Text.Json.Nodes.JsonNode? value) => value switch
    {
        null => "null",
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    private static bool OldObjectViolates(PolicyBinding binding, PolicyContext context)
    {
        try
        {
            return context.Request.OldObject is { } old
                && binding.Policy.Evaluate(new PolicyContext(context.Request, old, context.Applier)).HasViolation;
        }
        catch (UnreadableObjectException)
        {
            // An old object that cannot be read is no existing violation: the new one is judged alone.
            return false;
        }
    }

    private static bool AsksExemption(KubeObject obj, string policyId)
    {
        if (obj.Annotation(ExemptAnnotation) is not { Length: > 0 } value)
        {
            return false;
        }

        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == policyId)
            {
                return true;
            }
        }

        return false;
    }

    private static AdmissionDecision Decide(PolicyResult[] results, PolicyContext context, UnreadableObject? unreadable)
    {
        var denied = false;
        List<JsonPatchOperation>? patch = null;
        foreach (var result in results)
        {
            if (result.Patch.Count > 0)
            {
                (patch ??= []).AddRange(result.Patch);
            }

            foreach (var verdict in result.Verdicts)
            {
                denied |= verdict.Outcome == VerdictOutcome.Deny;
            }
        }

        var decision = unreadable is not null ? Decision.Unreadable : denied ? Decision.Deny : Decision.Allow;
        return new AdmissionDecision
        {
            Decision = decision,
            Results = results,
            Patch = decision == Decision.Allow && patch is not null ? patch : [],
            Unreadable = unreadable,
            Applier = context.Applier,
            Kind = context.Request.Kind,
            ObjectRef = context.ObjectRef,
        };
    }

    private static AdmissionDecision Unreadable(AdmissionRequest request, UnreadableObject what) => new()
    {
        Decision = Decision.Unreadable,
        Unreadable = what,
        Kind = request.Kind,
    };

    /// <summary>Names the field: from the exception's path, or by finding its element in the object.</summary>
    private static UnreadableObject Describe(UnreadableObjectException e, KubeObject? obj, string? policyId)
    {
        var path = e.Path ?? (obj is null ? null : JsonElementPath.Find(obj.Root, e.Element)) ?? string.Empty;
        return new UnreadableObject(policyId, path, e.Reason);
    }
}

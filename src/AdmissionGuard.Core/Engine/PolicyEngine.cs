using System.Text.Json;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// Runs the policies of one webhook type over a request and turns their outcomes into one
/// decision (DESIGN 3): actions, exclusions, object exemptions, existing violations on UPDATE,
/// one denial message for every violated policy, one warning per finding, audit annotations.
/// Immutable and thread-safe; a reload builds a new engine.
/// </summary>
public sealed class PolicyEngine(PolicySet policies)
{
    /// <summary>Objects ask for exemption with this annotation: <c>"policy-id[,policy-id]"</c>.</summary>
    public const string ExemptAnnotation = "admission-guard.io/exempt";

    public PolicySet Policies { get; } = policies;

    /// <summary>True when some enabled policy of the type targets the kind.</summary>
    public bool Targets(GroupVersionKind kind, PolicyType type) => Policies.For(kind, type).Length > 0;

    public AdmissionDecision Evaluate(AdmissionRequest request, PolicyType type)
    {
        if (request.Operation is Operation.Delete or Operation.Connect || request.SubResource.Length > 0)
        {
            return AdmissionDecision.AllowedWithoutEvaluation;
        }

        var bindings = Policies.For(request.Kind, type);
        if (bindings.Length == 0)
        {
            return AdmissionDecision.AllowedWithoutEvaluation;
        }

        KubeObject? obj;
        try
        {
            obj = request.Object;
        }
        catch (JsonException)
        {
            return Unreadable(request, "request.object is not valid JSON");
        }

        if (obj is null)
        {
            return Unreadable(request, request.ObjectJson.IsEmpty ? "request.object is missing" : "request.object is not a JSON object");
        }

        Manager manager;
        PolicyContext context;
        try
        {
            manager = ManagerDetector.Detect(request, obj);
            context = new PolicyContext(request, obj, manager);
            _ = context.ObjectRef;
        }
        catch (Exception e) when (IsUnreadableObject(e))
        {
            return Unreadable(request, "metadata cannot be read: " + e.GetType().Name);
        }

        var results = new PolicyResult[bindings.Length];
        for (var i = 0; i < bindings.Length; i++)
        {
            results[i] = EvaluateOne(bindings[i], context, type);
        }

        return Compose(results, context);
    }

    private static PolicyResult EvaluateOne(PolicyBinding binding, PolicyContext context, PolicyType type)
    {
        var settings = binding.Settings;
        var request = context.Request;
        var objectName = context.Object.Metadata.Name ?? request.Name;

        if (settings.Exclude.Match(request, objectName) is { } reason)
        {
            return new PolicyResult(binding.Id, settings.Action, PolicyResultKind.Excluded, [], []) { Note = reason };
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
                return new PolicyResult(binding.Id, settings.Action, PolicyResultKind.Exempt, [finding], []);
            }

            exemptionNote = $"{ExemptAnnotation} ignored: this policy does not allow object exemptions";
        }

        PolicyOutcome outcome;
        try
        {
            outcome = binding.Policy.Evaluate(context);
        }
        catch (Exception e) when (IsUnreadableObject(e))
        {
            return new PolicyResult(binding.Id, settings.Action, PolicyResultKind.Error, [], [])
            {
                Note = $"the object could not be read as {request.Kind}: {e.GetType().Name}",
            };
        }

        var result = type == PolicyType.Mutating
            ? MutationResult(binding, outcome)
            : ValidationResult(binding, outcome, context);
        return exemptionNote is null ? result : result with { Note = exemptionNote };
    }

    private static PolicyResult ValidationResult(PolicyBinding binding, PolicyOutcome outcome, PolicyContext context)
    {
        var settings = binding.Settings;
        if (outcome.Findings.Count == 0)
        {
            return new PolicyResult(binding.Id, settings.Action, PolicyResultKind.Pass, [], []);
        }

        if (!outcome.HasViolation)
        {
            return new PolicyResult(binding.Id, settings.Action, ReportKind(settings.Action), outcome.Findings, []);
        }

        if (settings.AllowExistingViolations && context.Request.Operation == Operation.Update && OldObjectViolates(binding, context))
        {
            return new PolicyResult(binding.Id, settings.Action, ReportKind(settings.Action), outcome.Findings, [])
            {
                Note = "existing violation allowed on UPDATE (allowExistingViolations)",
            };
        }

        var kind = settings.Action == PolicyAction.Enforce ? PolicyResultKind.Deny : ReportKind(settings.Action);
        return new PolicyResult(binding.Id, settings.Action, kind, outcome.Findings, []);
    }

    private static PolicyResult MutationResult(PolicyBinding binding, PolicyOutcome outcome)
    {
        var settings = binding.Settings;
        if (outcome.Patch.Count == 0)
        {
            var kind = outcome.Findings.Count == 0 ? PolicyResultKind.Pass : ReportKind(settings.Action);
            return new PolicyResult(binding.Id, settings.Action, kind, outcome.Findings, []);
        }

        if (settings.Action == PolicyAction.Enforce)
        {
            return new PolicyResult(binding.Id, settings.Action, PolicyResultKind.Mutate, outcome.Findings, outcome.Patch);
        }

        // Warn and audit only say what the patch would do; a policy that did not describe it still gets it said.
        var findings = outcome.Findings.Count > 0 ? outcome.Findings : DescribePatch(binding.Id, outcome.Patch);
        return new PolicyResult(binding.Id, settings.Action, ReportKind(settings.Action), findings, []);
    }

    private static Finding[] DescribePatch(string policyId, IReadOnlyList<JsonPatchOperation> patch)
    {
        var findings = new Finding[patch.Count];
        for (var i = 0; i < patch.Count; i++)
        {
            var text = $"would {patch[i].Op} {patch[i].Path}";
            findings[i] = new Finding(policyId, FindingSeverity.Violation, text, text, patch[i].Path, $"let the policy enforce, or {patch[i].Op} {patch[i].Path} yourself");
        }

        return findings;
    }

    /// <summary>Warn stays a warning; audit records only. (Enforce reports advice as a warning.)</summary>
    private static PolicyResultKind ReportKind(PolicyAction action) =>
        action == PolicyAction.Audit ? PolicyResultKind.Audit : PolicyResultKind.Warn;

    private static bool OldObjectViolates(PolicyBinding binding, PolicyContext context)
    {
        try
        {
            return context.Request.OldObject is { } old
                && binding.Policy.Evaluate(new PolicyContext(context.Request, old, context.Manager)).HasViolation;
        }
        catch (Exception e) when (IsUnreadableObject(e))
        {
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

    private static AdmissionDecision Compose(PolicyResult[] results, PolicyContext context)
    {
        var denials = new List<(string PolicyId, string Line)>();
        var warnings = new List<string>();
        var annotations = new Dictionary<string, string>(results.Length, StringComparer.Ordinal);
        List<JsonPatchOperation>? patch = null;
        var error = false;

        foreach (var result in results)
        {
            annotations[result.PolicyId] = AuditValue(result);
            switch (result.Result)
            {
                case PolicyResultKind.Error:
                    error = true;
                    denials.Add((result.PolicyId, FindingText.OneLine($"[{result.PolicyId}] {context.ObjectRef}: {result.Note}")));
                    break;
                case PolicyResultKind.Deny:
                    foreach (var f in result.Findings)
                    {
                        if (f.Severity == FindingSeverity.Violation)
                        {
                            denials.Add((result.PolicyId, FindingText.Denial(f, context.ObjectRef)));
                        }
                        else
                        {
                            warnings.Add(FindingText.Warning(f));
                        }
                    }

                    break;
                case PolicyResultKind.Warn:
                case PolicyResultKind.Exempt:
                    foreach (var f in result.Findings)
                    {
                        warnings.Add(FindingText.Warning(f));
                    }

                    break;
                case PolicyResultKind.Mutate:
                    (patch ??= []).AddRange(result.Patch);
                    foreach (var f in result.Findings)
                    {
                        if (f.Severity == FindingSeverity.Advice)
                        {
                            warnings.Add(FindingText.Warning(f));
                        }
                    }

                    break;
            }

            // Notes (an allowed existing violation, an ignored exemption request) speak to the
            // user, except under audit, which records without a word.
            if (result.Note is { } note && result.Result is not (PolicyResultKind.Error or PolicyResultKind.Excluded)
                && result.Action != PolicyAction.Audit)
            {
                warnings.Add(FindingText.Truncate(FindingText.OneLine($"[{result.PolicyId}] {note}"), FindingText.MaxWarningLength));
            }
        }

        var allowed = denials.Count == 0;
        return new AdmissionDecision
        {
            Allowed = allowed,
            StatusCode = allowed ? 200 : error ? 400 : 403,
            Message = allowed ? string.Empty : DenialMessage.Join(denials),
            Warnings = CapWarnings(warnings),
            AuditAnnotations = annotations,
            Patch = allowed && patch is not null ? patch : [],
            Results = results,
            Manager = context.Manager,
        };
    }

    private static string AuditValue(PolicyResult result)
    {
        var value = result.Result.ToWire();
        if (result.Findings.Count > 0)
        {
            value = $"{value}: {result.Findings[0].Summary}";
            if (result.Findings.Count > 1)
            {
                value += $" (+{result.Findings.Count - 1} more)";
            }
        }
        else if (result.Note is { } note)
        {
            value = $"{value}: {note}";
        }

        return FindingText.Truncate(FindingText.OneLine(value), FindingText.MaxAuditValueLength);
    }

    private static IReadOnlyList<string> CapWarnings(List<string> warnings)
    {
        var total = 0;
        for (var i = 0; i < warnings.Count; i++)
        {
            total += warnings[i].Length;
            if (total > FindingText.MaxWarningsTotal - 64)
            {
                var kept = warnings.GetRange(0, i);
                kept.Add($"... and {warnings.Count - i} more warning(s)");
                return kept;
            }
        }

        return warnings;
    }

    private static AdmissionDecision Unreadable(AdmissionRequest request, string why) => new()
    {
        Allowed = false,
        StatusCode = 400,
        Message = $"admission-guard: cannot evaluate {request.Kind}: {why}",
    };

    /// <summary>Malformed objects surface as these while typed models are read; anything else is a bug and propagates.</summary>
    private static bool IsUnreadableObject(Exception e) =>
        e is JsonException or FormatException or InvalidOperationException or OverflowException or KeyNotFoundException;
}

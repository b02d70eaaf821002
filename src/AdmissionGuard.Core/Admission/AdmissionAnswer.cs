using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// The webhook's answer to one review, built from the engine's decision: the one place where
/// verdicts become a denial message, warnings and audit annotations, within the API server's
/// limits (docs/engine.md). <see cref="AdmissionReviewWriter"/> encodes it.
/// </summary>
internal sealed record AdmissionAnswer
{
    private static readonly IReadOnlyDictionary<string, string> NoAnnotations = new Dictionary<string, string>();

    public static readonly AdmissionAnswer Allow = new() { Allowed = true };

    public bool Allowed { get; init; }

    /// <summary>HTTP-style status code of a denial: 403 for a policy, 400 for an unreadable object.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The denial message: every violated policy, under 4 KB. Empty when allowed.</summary>
    public string Message { get; init; } = string.Empty;

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Keys are plain names (the policy id); the API server prefixes the webhook's name.</summary>
    public IReadOnlyDictionary<string, string> AuditAnnotations { get; init; } = NoAnnotations;

    /// <summary>The JSON Patch operations; only a mutating webhook's answer carries them.</summary>
    public IReadOnlyList<JsonPatchOperation> Patch { get; init; } = [];

    public static AdmissionAnswer For(AdmissionDecision decision)
    {
        if (!decision.Evaluated)
        {
            return Allow;
        }

        if (decision.Results.Count == 0 && decision.Unreadable is { } whole)
        {
            return new AdmissionAnswer
            {
                StatusCode = 400,
                Message = FindingText.OneLine($"admission-guard: cannot evaluate {decision.Kind}: {whole.Describe()}"),
            };
        }

        var denials = new List<(string PolicyId, string Line)>();
        var warnings = new List<string>();
        var annotations = new Dictionary<string, string>(decision.Results.Count, StringComparer.Ordinal);
        if (decision.Unreadable is { PolicyId: { } policyId } part)
        {
            denials.Add((policyId, FindingText.OneLine($"[{policyId}] {decision.ObjectRef}: cannot be read as {decision.Kind}: {part.Describe()}")));
        }

        foreach (var result in decision.Results)
        {
            annotations[result.PolicyId] = AuditValue(result);
            foreach (var verdict in result.Verdicts)
            {
                if (verdict.Outcome == VerdictOutcome.Deny)
                {
                    denials.Add((result.PolicyId, FindingText.Denial(verdict.Finding, decision.ObjectRef)));
                }
                else if (verdict.Outcome.Warns())
                {
                    warnings.Add(FindingText.Warning(verdict.Finding));
                }
            }
        }

        var allowed = decision.Decision == Decision.Allow;
        return new AdmissionAnswer
        {
            Allowed = allowed,
            StatusCode = decision.Decision switch { Decision.Allow => 200, Decision.Unreadable => 400, _ => 403 },
            Message = allowed ? string.Empty : DenialMessage.Join(denials),
            Warnings = CapWarnings(warnings),
            AuditAnnotations = annotations,
            Patch = decision.Patch,
        };
    }

    /// <summary><c>deny: first finding's summary (+N more)</c>, <c>excluded: why</c>, <c>pass</c>.</summary>
    private static string AuditValue(PolicyResult result)
    {
        var value = result.Result.ToWire();
        Verdict? first = null;
        Verdict? note = null;
        var findings = 0;
        foreach (var verdict in result.Verdicts)
        {
            if (verdict.IsNote)
            {
                note ??= verdict;
                continue;
            }

            first ??= verdict;
            findings++;
        }

        if (first is not null)
        {
            value = $"{value}: {first.Finding.Summary}";
            if (findings > 1)
            {
                value += $" (+{findings - 1} more)";
            }
        }
        else if ((note?.Finding.Message ?? result.Reason) is { } remark)
        {
            value = $"{value}: {remark}";
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
}

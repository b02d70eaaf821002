namespace AdmissionGuard.Cli.Output;

/// <summary>Everything one run found: what the report writers print and <c>--fix</c> writes.</summary>
internal sealed record CheckReport(
    IReadOnlyList<ManifestSource> Sources,
    IReadOnlyList<CheckedObject> Objects,
    IReadOnlyList<ReportFinding> Findings,
    IReadOnlyList<SkippedDocument> Skipped,
    IReadOnlyList<InputError> Errors,
    IReadOnlyList<CheckedDocument> Documents,
    PolicySet Policies,
    IReadOnlyList<SkippedPath> SkippedPaths)
{
    /// <summary>
    /// The error of an input without a single Kubernetes object: a render that failed or a path
    /// that holds none must not pass a pipeline (<c>--allow-empty</c> opts out).
    /// </summary>
    public const string NoObjectsMessage = "no Kubernetes objects in the input";

    /// <summary>Set when the run used a baseline file (<c>--baseline</c>): its stale entries.</summary>
    public Baseline.BaselineOutcome? Baseline { get; init; }

    public int Count(FindingResult result) => Findings.Count(f => f.Result == result);

    /// <summary>Findings the baseline file records (they fail nothing).</summary>
    public int BaselinedCount => Findings.Count(f => f.Baselined);

    /// <summary>Files (or standard input) whose reading or judging failed somewhere.</summary>
    public bool HasErrors => Errors.Count > 0;

    public int ExitCode(FailOn failOn)
    {
        if (HasErrors)
        {
            return ExitCodes.Usage;
        }

        // The engine's decision fails the run: an object it denies, unless the baseline records
        // every denial of it. With --fail-on warn, any warning the baseline does not record too.
        var denied = Objects.Any(o => o.Decision == Decision.Deny && !DenialsBaselined(o));
        var warned = failOn == FailOn.Warn && Findings.Any(f => !f.Baselined && f.Result == FindingResult.Warn);
        return denied || warned ? ExitCodes.PolicyFailure : ExitCodes.Clean;
    }

    private bool DenialsBaselined(CheckedObject obj) =>
        Baseline is not null && !Findings.Any(f => ReferenceEquals(f.Object, obj) && f.Outcome == VerdictOutcome.Deny && !f.Baselined);
}

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

        // A deny verdict is what makes the engine's decision Deny; --fail-on warn fails on warnings too.
        var fails = Findings.Any(f => !f.Baselined && (f.Outcome == VerdictOutcome.Deny || (failOn == FailOn.Warn && f.Result == FindingResult.Warn)));
        return fails ? ExitCodes.PolicyFailure : ExitCodes.Clean;
    }
}

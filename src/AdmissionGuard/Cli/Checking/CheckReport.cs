namespace AdmissionGuard.Cli.Checking;

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

    public int Count(FindingResult result) => Findings.Count(f => f.Result == result);

    /// <summary>Files (or standard input) whose reading or judging failed somewhere.</summary>
    public bool HasErrors => Errors.Count > 0;

    public int ExitCode(FailOn failOn)
    {
        if (HasErrors)
        {
            return ExitCodes.Usage;
        }

        var fails = Findings.Any(f => f.Result == FindingResult.Deny || (failOn == FailOn.Warn && f.Result == FindingResult.Warn));
        return fails ? ExitCodes.PolicyFailure : ExitCodes.Clean;
    }
}

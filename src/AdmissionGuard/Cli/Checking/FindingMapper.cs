namespace AdmissionGuard.Cli.Checking;

/// <summary>
/// Turns the engine's verdicts into report lines. The engine decided what each finding means;
/// this only names it in the report's words and places it in the file (a List item's path).
/// </summary>
internal static class FindingMapper
{
    public static IEnumerable<ReportFinding> Map(CheckedObject obj, PolicyResult result)
    {
        foreach (var verdict in result.Verdicts)
        {
            var f = verdict.Finding;
            yield return new ReportFinding(obj, f.PolicyId, ResultOf(verdict.Outcome), f.Message, Prefix(obj, f.Path), f.Fix);
        }
    }

    private static FindingResult ResultOf(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Deny => FindingResult.Deny,
        VerdictOutcome.Audit => FindingResult.Audit,
        VerdictOutcome.Mutate => FindingResult.Mutate,
        VerdictOutcome.Excepted => FindingResult.Skip,
        _ => FindingResult.Warn,
    };

    private static string Prefix(CheckedObject obj, string path) =>
        obj.ItemPath is null ? path : path.Length == 0 ? obj.ItemPath : $"{obj.ItemPath}.{path}";
}

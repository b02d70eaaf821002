namespace AdmissionGuard.Cli.Output;

/// <summary>
/// Turns the engine's verdicts into report lines. The engine decided what each finding means;
/// this only places it in the file (a List item's path); <see cref="ReportFinding.Result"/> names it in the report's words.
/// </summary>
internal static class FindingMapper
{
    public static IEnumerable<ReportFinding> Map(CheckedObject obj, PolicyResult result)
    {
        foreach (var verdict in result.Verdicts)
        {
            var f = verdict.Finding;
            yield return new ReportFinding(obj, f.PolicyId, verdict.Outcome, f.Message, Prefix(obj, f.Path), f.Fix);
        }
    }

    private static string Prefix(CheckedObject obj, string path) =>
        obj.ItemPath is null ? path : path.Length == 0 ? obj.ItemPath : $"{obj.ItemPath}.{path}";
}

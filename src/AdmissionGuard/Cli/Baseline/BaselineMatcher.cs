using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Cli.Baseline;

/// <summary>What a baseline did to a run: the file, and its entries that no finding matched any more.</summary>
/// <param name="File">The baseline file, as given.</param>
/// <param name="Stale">Entries no finding of this run matches, sorted as in the file.</param>
internal sealed record BaselineOutcome(string File, IReadOnlyList<BaselineEntry> Stale);

/// <summary>
/// Marks the findings a baseline records as baselined: they are reported but fail nothing. Only
/// findings that can fail a run (deny, warn) are recorded and matched; a key covers every finding
/// with that kind, namespace, name, policy and rule.
/// </summary>
internal static class BaselineMatcher
{
    /// <summary>The results a baseline records: what <c>--fail-on</c> can fail on.</summary>
    public static bool IsRecorded(ReportFinding finding) => finding.Result is FindingResult.Deny or FindingResult.Warn;

    public static CheckReport Apply(CheckReport report, string file, IReadOnlyList<BaselineEntry> entries)
    {
        var recorded = entries.ToHashSet();
        var used = new HashSet<BaselineEntry>();
        var findings = new List<ReportFinding>(report.Findings.Count);
        foreach (var finding in report.Findings)
        {
            var entry = IsRecorded(finding) ? BaselineEntry.Of(finding) : null;
            if (entry is not null && recorded.Contains(entry))
            {
                used.Add(entry);
                findings.Add(finding with { Baselined = true });
            }
            else
            {
                findings.Add(finding);
            }
        }

        var stale = recorded.Where(e => !used.Contains(e)).Order().ToList();
        return report with { Findings = findings, Baseline = new BaselineOutcome(file, stale) };
    }

    /// <summary>The entries of today's findings, for <c>--write-baseline</c>.</summary>
    public static IEnumerable<BaselineEntry> Record(CheckReport report) =>
        report.Findings.Where(IsRecorded).Select(BaselineEntry.Of);
}

namespace AdmissionGuard.Cli.Output;

/// <summary>One line of the report: a policy's finding on an object, with the engine's verdict on it.</summary>
/// <param name="Outcome">The engine's verdict, as it decided it.</param>
/// <param name="Path">The field path, prefixed with <c>items[i].</c> inside a List; empty when it concerns the whole object.</param>
/// <param name="Fix">A one-line snippet that fixes it; empty when there is none.</param>
internal sealed record ReportFinding(CheckedObject Object, string Policy, VerdictOutcome Outcome, string Message, string Path, string Fix)
{
    /// <summary>The verdict in the report's words (docs/engine.md, "Results as data").</summary>
    public FindingResult Result => FindingResultNames.Of(Outcome);

    /// <summary>Recorded in the run's baseline file (<c>--baseline</c>): reported, but it fails nothing.</summary>
    public bool Baselined { get; init; }
}

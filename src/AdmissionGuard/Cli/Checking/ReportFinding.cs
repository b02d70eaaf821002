namespace AdmissionGuard.Cli.Checking;

/// <summary>One line of the report: a policy's finding on an object, as its result.</summary>
/// <param name="Path">The field path, prefixed with <c>items[i].</c> inside a List; empty when it concerns the whole object.</param>
/// <param name="Fix">A one-line snippet that fixes it; empty when there is none.</param>
internal sealed record ReportFinding(CheckedObject Object, string Policy, FindingResult Result, string Message, string Path, string Fix)
{
    /// <summary>Recorded in the run's baseline file (<c>--baseline</c>): reported, but it fails nothing.</summary>
    public bool Baselined { get; init; }
}

namespace AdmissionGuard.Scan;

/// <summary>
/// One scan: the check report (so every <c>check</c> format writes it), the live facts of each
/// judged object, and what the scan could not read.
/// </summary>
/// <param name="Report">Sources are namespaces (<c>namespaces/NAME</c>) and <c>cluster-scoped</c>,
/// plus one per resource that was skipped; objects carry no line.</param>
/// <param name="Live">The uid and applier of each judged object.</param>
/// <param name="Notes">Things worth saying that are not findings (exclusions that cannot apply, kinds not served).</param>
/// <param name="Namespace">The namespace scanned; null for all.</param>
internal sealed record ScanResult(
    CheckReport Report,
    IReadOnlyDictionary<CheckedObject, LiveObject> Live,
    IReadOnlyList<string> Notes,
    string? Namespace,
    DateTimeOffset Started)
{
    /// <summary>Resources whose list was refused (403): skipped, not fatal.</summary>
    public IReadOnlyList<SkippedDocument> Forbidden => Report.Skipped;
}

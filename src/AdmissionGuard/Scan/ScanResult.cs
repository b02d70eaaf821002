using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Scan;

/// <summary>
/// One scan: the check report (so every <c>check</c> format writes it), the live facts of each
/// judged object, and what the scan could not read.
/// </summary>
/// <param name="Report">Sources are live namespaces (<c>namespaces/NAME</c>) and <c>cluster-scoped</c>,
/// plus one per resource that was skipped; objects carry no line; the skipped entries are <paramref name="Forbidden"/>.</param>
/// <param name="Live">The uid and applier of each judged object.</param>
/// <param name="Notes">Things worth saying that are not findings (exclusions that cannot apply, kinds not served).</param>
/// <param name="Forbidden">Resources whose discovery or list was refused (403): skipped, not fatal.</param>
/// <param name="Namespace">The namespace scanned; null for all.</param>
internal sealed record ScanResult(
    CheckReport Report,
    IReadOnlyDictionary<CheckedObject, LiveObject> Live,
    IReadOnlyList<string> Notes,
    IReadOnlyList<SkippedDocument> Forbidden,
    string? Namespace,
    DateTimeOffset Started);

namespace AdmissionGuard.Cli.Output;

/// <summary>A document as <c>--fix</c> writes it: its content with the mutations applied.</summary>
/// <param name="Content">The document's content, mutated in place where a policy patched it.</param>
/// <param name="Changed">True when some patch changed it.</param>
/// <param name="IsObject">True for a Kubernetes object (or a List of them); false for a skipped
/// document, which the <c>--fix</c> stream leaves out and <c>--in-place</c> keeps in its file.</param>
internal sealed record CheckedDocument(ManifestSource Source, int Document, JsonNode Content, bool Changed, bool IsObject);

namespace AdmissionGuard.Cli.Output;

/// <summary>A document (or List item) that is not a Kubernetes object, so no policy judged it.</summary>
internal sealed record SkippedDocument(ManifestSource Source, int Document, int Line, string Reason);

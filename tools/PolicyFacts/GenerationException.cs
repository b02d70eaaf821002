namespace AdmissionGuard.PolicyFacts;

/// <summary>A file the generator cannot fill: a marker missing or unmatched, a region it does not know.</summary>
internal sealed class GenerationException(string message) : Exception(message);

using System.Text.Json.Nodes;

namespace AdmissionGuard.Core.Tests.Corpus;

/// <summary>A corpus object as the engine judged it: both webhooks' decisions on the object read from its file.</summary>
internal sealed record CorpusReview(JsonObject Object, AdmissionDecision Validating, AdmissionDecision Mutating);

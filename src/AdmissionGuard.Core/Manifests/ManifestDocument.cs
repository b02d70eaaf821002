namespace AdmissionGuard.Core.Manifests;

/// <summary>
/// One document of a manifest stream: its JSON content (null for an empty document) or the
/// syntax error that stopped reading the stream.
/// </summary>
/// <param name="File">The file it came from (<c>-</c> for stdin).</param>
/// <param name="Index">0-based position of the document in the stream.</param>
/// <param name="Line">1-based line where the document's content starts.</param>
internal sealed record ManifestDocument(string File, int Index, int Line, JsonNode? Content, string? Error = null)
{
    public bool IsError => Error is not null;
}

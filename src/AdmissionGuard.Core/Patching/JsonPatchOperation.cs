namespace AdmissionGuard.Core.Patching;

/// <summary>One RFC 6902 operation. Built from data (paths into the request's JSON), never by diffing a round-tripped model.</summary>
internal sealed record JsonPatchOperation(string Op, string Path, JsonNode? Value)
{
    public static JsonPatchOperation Add(string path, JsonNode? value) => new("add", path, value);

    public static JsonPatchOperation Replace(string path, JsonNode? value) => new("replace", path, value);
}

using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Policies.KeepStateful;

/// <summary>
/// <c>metadata.annotations</c> as the request's JSON has it, and the JSON Patch operations that set
/// annotations on it. The patch is built from these paths, never by diffing a re-serialised model,
/// so it is exactly what the request needs: the map created when absent, replaced when JSON null,
/// one operation per key otherwise.
/// </summary>
internal readonly struct RawAnnotations
{
    private readonly JsonElement annotations;
    private readonly Shape shape;

    private RawAnnotations(Shape shape, JsonElement annotations)
    {
        this.shape = shape;
        this.annotations = annotations;
    }

    private enum Shape
    {
        NoMetadata,
        NullMetadata,
        NoAnnotations,
        NullAnnotations,
        Map,
    }

    public static RawAnnotations Read(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out var metadata))
        {
            return new RawAnnotations(Shape.NoMetadata, default);
        }

        if (metadata.ValueKind != JsonValueKind.Object)
        {
            return new RawAnnotations(Shape.NullMetadata, default);
        }

        if (!metadata.TryGetProperty("annotations", out var annotations))
        {
            return new RawAnnotations(Shape.NoAnnotations, default);
        }

        return annotations.ValueKind == JsonValueKind.Object
            ? new RawAnnotations(Shape.Map, annotations)
            : new RawAnnotations(Shape.NullAnnotations, default);
    }

    /// <summary>The value of a key; null when absent or JSON null. A non-string value is returned as its JSON text.</summary>
    public string? Get(string key)
    {
        if (shape != Shape.Map || !annotations.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>The operations that give each key its value, leaving every other annotation alone.</summary>
    public List<JsonPatchOperation> Patch(IReadOnlyList<KeyValuePair<string, string>> values)
    {
        switch (shape)
        {
            case Shape.NoMetadata:
                return [JsonPatchOperation.Add("/metadata", new JsonObject { ["annotations"] = Map(values) })];
            case Shape.NullMetadata:
                return [JsonPatchOperation.Replace("/metadata", new JsonObject { ["annotations"] = Map(values) })];
            case Shape.NoAnnotations:
                return [JsonPatchOperation.Add("/metadata/annotations", Map(values))];
            case Shape.NullAnnotations:
                return [JsonPatchOperation.Replace("/metadata/annotations", Map(values))];
        }

        var operations = new List<JsonPatchOperation>(values.Count);
        foreach (var (key, value) in values)
        {
            var path = JsonPointer.Of("metadata", "annotations", key);
            operations.Add(annotations.TryGetProperty(key, out _)
                ? JsonPatchOperation.Replace(path, JsonValue.Create(value))
                : JsonPatchOperation.Add(path, JsonValue.Create(value)));
        }

        return operations;
    }

    private static JsonObject Map(IReadOnlyList<KeyValuePair<string, string>> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values)
        {
            map[key] = value;
        }

        return map;
    }
}

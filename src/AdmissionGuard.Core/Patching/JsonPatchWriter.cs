namespace AdmissionGuard.Core.Patching;

/// <summary>Serialises patch operations as an RFC 6902 JSON array.</summary>
internal static class JsonPatchWriter
{
    public static byte[] ToJson(IReadOnlyList<JsonPatchOperation> operations)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, operations);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<JsonPatchOperation> operations)
    {
        writer.WriteStartArray();
        foreach (var op in operations)
        {
            writer.WriteStartObject();
            writer.WriteString("op", op.Op);
            writer.WriteString("path", op.Path);
            writer.WritePropertyName("value");
            if (op.Value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                op.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

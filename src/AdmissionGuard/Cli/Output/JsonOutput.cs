using System.Text.Encodings.Web;

namespace AdmissionGuard.Cli.Output;

/// <summary>Shared writer settings for the JSON and SARIF reports.</summary>
internal static class JsonOutput
{
    /// <summary>Indented; <c>&lt;</c>, <c>&amp;</c>, <c>+</c> and non-ASCII written as they are (the reports are not embedded in HTML).</summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    public static void WriteTo(TextWriter output, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        output.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.WriteLine();
    }

    public static void StringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>An array named <paramref name="name"/> of one object per item, its fields written by <paramref name="fields"/>.</summary>
    public static void ObjectArray<T>(this Utf8JsonWriter writer, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> fields)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            fields(writer, item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

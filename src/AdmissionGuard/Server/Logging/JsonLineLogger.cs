using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// Writes each log entry as one JSON line in the shape of .NET's console JSON formatter
/// (Timestamp, EventId, LogLevel, Category, Message, Exception, State with the message's
/// fields and <c>{OriginalFormat}</c>), straight to UTF-8 on the calling thread, then hands the
/// bytes to <see cref="BatchedOutput"/>. No string per line, no queue hand-off per line.
/// </summary>
internal sealed class JsonLineLogger(string category, BatchedOutput output) : ILogger
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText[] LevelNames =
    [
        JsonEncodedText.Encode("Trace"),
        JsonEncodedText.Encode("Debug"),
        JsonEncodedText.Encode("Information"),
        JsonEncodedText.Encode("Warning"),
        JsonEncodedText.Encode("Error"),
        JsonEncodedText.Encode("Critical"),
    ];

    // One buffer and writer per thread: formatting is synchronous and ends before Log returns.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? threadWriter;

    private readonly JsonEncodedText categoryText = JsonEncodedText.Encode(category, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    // Levels are filtered by the logging framework's rules before Log is called.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel is < LogLevel.Trace or > LogLevel.Critical)
        {
            return;
        }

        var buffer = threadBuffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        var writer = threadWriter ??= new Utf8JsonWriter(buffer, Options);
        writer.Reset(buffer);

        writer.WriteStartObject();
        Span<char> timestamp = stackalloc char[LogTimestamp.Length];
        LogTimestamp.Write(DateTime.UtcNow, timestamp);
        writer.WriteString("Timestamp"u8, timestamp);
        writer.WriteNumber("EventId"u8, eventId.Id);
        writer.WriteString("LogLevel"u8, LevelNames[(int)logLevel]);
        writer.WriteString("Category"u8, categoryText);

        // Decided when this method is compiled for the state's type: the decision line, one per
        // review, writes itself, with no message string and no box (DecisionEntry).
        var decision = typeof(TState) == typeof(DecisionEntry);
        if (decision)
        {
            Unsafe.As<TState, DecisionEntry>(ref state).WriteMessage(writer);
        }
        else
        {
            writer.WriteString("Message"u8, formatter(state, exception));
        }

        if (exception is not null)
        {
            writer.WriteString("Exception"u8, exception.ToString().Replace(Environment.NewLine, " ", StringComparison.Ordinal));
        }

        if (decision)
        {
            writer.WriteStartObject("State"u8);
            Unsafe.As<TState, DecisionEntry>(ref state).WriteFields(writer);
            writer.WriteEndObject();
        }
        else if (state is IReadOnlyCollection<KeyValuePair<string, object?>> fields)
        {
            writer.WriteStartObject("State"u8);
            foreach (var field in fields)
            {
                WriteField(writer, field.Key, field.Value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.Flush();
        buffer.Write("\n"u8);

        output.Append(buffer.WrittenSpan, urgent: logLevel >= LogLevel.Warning);
        if (buffer.Capacity > 64 * 1024)
        {
            // An exception's stack trace made it large: do not keep that much per thread.
            threadBuffer = null;
            threadWriter = null;
        }
    }

    /// <summary>Numbers and booleans as JSON values, null as null, anything else as its invariant text (as the console formatter does).</summary>
    private static void WriteField(Utf8JsonWriter writer, string key, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(key);
                break;
            case string text:
                writer.WriteString(key, text);
                break;
            case bool flag:
                writer.WriteBoolean(key, flag);
                break;
            case int i:
                writer.WriteNumber(key, i);
                break;
            case long l:
                writer.WriteNumber(key, l);
                break;
            case double d:
                writer.WriteNumber(key, d);
                break;
            case float f:
                writer.WriteNumber(key, f);
                break;
            case decimal m:
                writer.WriteNumber(key, m);
                break;
            case uint ui:
                writer.WriteNumber(key, ui);
                break;
            case ulong ul:
                writer.WriteNumber(key, ul);
                break;
            case short s:
                writer.WriteNumber(key, s);
                break;
            case ushort us:
                writer.WriteNumber(key, us);
                break;
            case byte b:
                writer.WriteNumber(key, b);
                break;
            case sbyte sb:
                writer.WriteNumber(key, sb);
                break;
            default:
                writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}

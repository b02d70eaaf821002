using System.Collections;
using System.Globalization;

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// The decision line: one per answered review, event id 1, carrying the request's identity and
/// each policy's result, never the object's content nor a finding's message text. Request fields
/// are cut at <see cref="LogText.MaxLength"/> characters. <see cref="JsonLineLogger"/> has it write
/// its message and fields straight to UTF-8 (<see cref="WriteMessage"/>, <see cref="WriteFields"/>):
/// a message string and a box per field on every review cost more than the policies
/// (docs/performance.md). Any other logging provider gets the same message and fields through
/// <see cref="Formatter"/> and the pairs.
/// </summary>
internal readonly struct DecisionEntry(
    string endpoint,
    string uid,
    string operation,
    GroupVersionKind kind,
    string objectNamespace,
    string objectName,
    string user,
    string manager,
    string fieldManager,
    bool dryRun,
    string decision,
    int code,
    IReadOnlyList<PolicyResult> results,
    double latencyMs) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Template =
        "{Endpoint} {Uid} {Operation} {Kind} {ObjectNamespace}/{ObjectName} user={User} manager={Manager} fieldManager={FieldManager} dryRun={DryRun}: {Decision} {Code} [{Results}] in {LatencyMs}ms";

    public static readonly EventId Event = new(1, "Decision");

    public static readonly Func<DecisionEntry, Exception?, string> Formatter = static (entry, _) => entry.ToString();

    private static readonly string[] Names =
        ["Endpoint", "Uid", "Operation", "Kind", "ObjectNamespace", "ObjectName", "User", "Manager", "FieldManager", "DryRun", "Decision", "Code", "Results", "LatencyMs", "{OriginalFormat}"];

    private static readonly JsonEncodedText[] EncodedNames = [.. Names.Select(n => JsonEncodedText.Encode(n))];

    /// <summary>Per thread: a line is formatted synchronously, and a field is at most a few hundred characters.</summary>
    [ThreadStatic]
    private static char[]? scratch;

    public int Count => Names.Length;

    public KeyValuePair<string, object?> this[int index] => new(Names[index], index switch
    {
        0 => endpoint,
        1 => LogText.Cap(uid),
        2 => operation,
        3 => new KindText(kind).ToString(),
        4 => LogText.Cap(objectNamespace),
        5 => LogText.Cap(objectName),
        6 => LogText.Cap(user),
        7 => manager,
        8 => LogText.Cap(fieldManager),
        9 => dryRun,
        10 => decision,
        11 => code,
        12 => new ResultsText(results).ToString(),
        13 => latencyMs,
        14 => Template,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    });

    /// <summary>Writes the <c>Message</c> property.</summary>
    public void WriteMessage(Utf8JsonWriter writer)
    {
        var buffer = scratch ??= new char[4096];
        int length;
        while (!TryFormatMessage(buffer, out length))
        {
            // Every field is capped, so this ends: a few hundred characters per field at most.
            buffer = scratch = new char[buffer.Length * 2];
        }

        writer.WriteString("Message"u8, buffer.AsSpan(0, length));
    }

    /// <summary>Writes the fields inside the <c>State</c> object, <c>{OriginalFormat}</c> last, as the console JSON formatter does.</summary>
    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString(EncodedNames[0], endpoint);
        WriteFormatted(writer, EncodedNames[1], new CappedText(uid));
        writer.WriteString(EncodedNames[2], operation);
        WriteFormatted(writer, EncodedNames[3], new KindText(kind));
        WriteFormatted(writer, EncodedNames[4], new CappedText(objectNamespace));
        WriteFormatted(writer, EncodedNames[5], new CappedText(objectName));
        WriteFormatted(writer, EncodedNames[6], new CappedText(user));
        writer.WriteString(EncodedNames[7], manager);
        WriteFormatted(writer, EncodedNames[8], new CappedText(fieldManager));
        writer.WriteBoolean(EncodedNames[9], dryRun);
        writer.WriteString(EncodedNames[10], decision);
        writer.WriteNumber(EncodedNames[11], code);
        WriteFormatted(writer, EncodedNames[12], new ResultsText(results));
        writer.WriteNumber(EncodedNames[13], latencyMs);
        writer.WriteString(EncodedNames[14], Template);
    }

    public override string ToString()
    {
        var buffer = new char[4096];
        int length;
        while (!TryFormatMessage(buffer, out length))
        {
            buffer = new char[buffer.Length * 2];
        }

        return new string(buffer, 0, length);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The message: <see cref="Template"/>, hole for hole.</summary>
    private bool TryFormatMessage(Span<char> destination, out int written) => destination.TryWrite(
        CultureInfo.InvariantCulture,
        $"{endpoint} {new CappedText(uid)} {operation} {new KindText(kind)} {new CappedText(objectNamespace)}/{new CappedText(objectName)} user={new CappedText(user)} manager={manager} fieldManager={new CappedText(fieldManager)} dryRun={dryRun}: {decision} {code} [{new ResultsText(results)}] in {latencyMs}ms",
        out written);

    private static void WriteFormatted<T>(Utf8JsonWriter writer, JsonEncodedText name, T value)
        where T : ISpanFormattable
    {
        var buffer = scratch ??= new char[4096];
        int length;
        while (!value.TryFormat(buffer, out length, default, CultureInfo.InvariantCulture))
        {
            buffer = scratch = new char[buffer.Length * 2];
        }

        writer.WriteString(name, buffer.AsSpan(0, length));
    }
}

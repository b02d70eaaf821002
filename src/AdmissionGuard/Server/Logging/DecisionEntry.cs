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
    double latencyMs) : IReadOnlyList<KeyValuePair<string, object?>>, ISpanFormattable
{
    public const string Template =
        "{Endpoint} {Uid} {Operation} {Kind} {ObjectNamespace}/{ObjectName} user={User} manager={Manager} fieldManager={FieldManager} dryRun={DryRun}: {Decision} {Code} [{Results}] in {LatencyMs}ms";

    public static readonly EventId Event = new(1, "Decision");

    public static readonly Func<DecisionEntry, Exception?, string> Formatter = static (entry, _) => entry.ToString();

    private static readonly string[] Names =
        ["Endpoint", "Uid", "Operation", "Kind", "ObjectNamespace", "ObjectName", "User", "Manager", "FieldManager", "DryRun", "Decision", "Code", "Results", "LatencyMs", "{OriginalFormat}"];

    private static readonly JsonEncodedText[] EncodedNames = [.. Names.Select(n => JsonEncodedText.Encode(n))];

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
    public void WriteMessage(Utf8JsonWriter writer) => writer.WriteString("Message"u8, SpanFormat.Of(this));

    /// <summary>Writes the fields inside the <c>State</c> object, <c>{OriginalFormat}</c> last, as the console JSON formatter does.</summary>
    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString(EncodedNames[0], endpoint);
        writer.WriteString(EncodedNames[1], SpanFormat.Of(new CappedText(uid)));
        writer.WriteString(EncodedNames[2], operation);
        writer.WriteString(EncodedNames[3], SpanFormat.Of(new KindText(kind)));
        writer.WriteString(EncodedNames[4], SpanFormat.Of(new CappedText(objectNamespace)));
        writer.WriteString(EncodedNames[5], SpanFormat.Of(new CappedText(objectName)));
        writer.WriteString(EncodedNames[6], SpanFormat.Of(new CappedText(user)));
        writer.WriteString(EncodedNames[7], manager);
        writer.WriteString(EncodedNames[8], SpanFormat.Of(new CappedText(fieldManager)));
        writer.WriteBoolean(EncodedNames[9], dryRun);
        writer.WriteString(EncodedNames[10], decision);
        writer.WriteNumber(EncodedNames[11], code);
        writer.WriteString(EncodedNames[12], SpanFormat.Of(new ResultsText(results)));
        writer.WriteNumber(EncodedNames[13], latencyMs);
        writer.WriteString(EncodedNames[14], Template);
    }

    public override string ToString() => SpanFormat.String(this);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>The message: <see cref="Template"/>, hole for hole.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) => destination.TryWrite(
        CultureInfo.InvariantCulture,
        $"{endpoint} {new CappedText(uid)} {operation} {new KindText(kind)} {new CappedText(objectNamespace)}/{new CappedText(objectName)} user={new CappedText(user)} manager={manager} fieldManager={new CappedText(fieldManager)} dryRun={dryRun}: {decision} {code} [{new ResultsText(results)}] in {latencyMs}ms",
        out charsWritten);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

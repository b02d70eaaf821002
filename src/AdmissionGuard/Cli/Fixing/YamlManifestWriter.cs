using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AdmissionGuard.Cli.Fixing;

/// <summary>
/// Writes JSON documents as a YAML stream (<c>---</c> between them), with YamlDotNet's emitter.
/// Strings that a YAML 1.1 reader (Kubernetes', Helm's) would type as something else are quoted:
/// <c>"yes"</c>, <c>"on"</c>, <c>"1.0"</c>, <c>"0755"</c>, <c>"="</c>, <c>"~"</c>; map keys too
/// (an unquoted <c>on:</c> key becomes <c>true</c>). Multi-line strings are written as literal
/// blocks where YAML allows it. Comments are not kept: the documents are JSON by now.
/// </summary>
internal static class YamlManifestWriter
{
    private static readonly EmitterSettings Settings = EmitterSettings.Default
        .WithBestIndent(2)
        .WithBestWidth(int.MaxValue)
        .WithIndentedSequences()
        .WithNewLine("\n");

    public static void Write(TextWriter output, IEnumerable<JsonNode?> documents)
    {
        var emitter = new Emitter(output, Settings);
        emitter.Emit(new StreamStart());
        var first = true;
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: first));
            first = false;
            Emit(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(Plain("null"));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(StringScalar(key, allowBlock: false));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                emitter.Emit(ValueScalar(value));
                break;
        }
    }

    private static Scalar ValueScalar(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return StringScalar(value.GetValue<string>(), allowBlock: true);
            case JsonValueKind.True:
                return Plain("true");
            case JsonValueKind.False:
                return Plain("false");
            case JsonValueKind.Number:
                return Plain(NumberText(value));
            default:
                return Plain("null");
        }
    }

    /// <summary>A float read from YAML stays a float: <c>1.0</c>, not <c>1</c>.</summary>
    private static string NumberText(JsonValue value)
    {
        if (value.TryGetValue<double>(out var d) && !value.TryGetValue<long>(out _) && !value.TryGetValue<JsonElement>(out _))
        {
            var text = d.ToString("R", CultureInfo.InvariantCulture);
            return text.AsSpan().IndexOfAny(".eE") < 0 ? text + ".0" : text;
        }

        return value.ToJsonString();
    }

    private static Scalar StringScalar(string text, bool allowBlock)
    {
        var style = NeedsQuotes(text) ? ScalarStyle.DoubleQuoted
            : allowBlock && text.Contains('\n') ? ScalarStyle.Literal
            : ScalarStyle.Any;
        return new Scalar(AnchorName.Empty, TagName.Empty, text, style, isPlainImplicit: true, isQuotedImplicit: true);
    }

    private static Scalar Plain(string text) =>
        new(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);

    /// <summary>
    /// True when a plain scalar with this text would not read back as the same string under
    /// YAML 1.1 or 1.2: null and boolean words (y/n included), anything that starts like a number
    /// (ints, floats, octal, hex, binary, sexagesimal <c>1:20</c>, dates), and YAML 1.1's value and merge
    /// keys. Conservative on purpose: quoting a string never changes it. Text the emitter cannot
    /// write plain (leading spaces, <c>: </c>, <c>#</c>...) it quotes by itself.
    /// </summary>
    internal static bool NeedsQuotes(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }

        switch (text.ToLowerInvariant())
        {
            case "~" or "null" or "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "=" or "<<":
                return true;
        }

        var c = text[0];
        var numberLike = char.IsAsciiDigit(c)
            || (c is '-' or '+' or '.' && text.Length > 1 && (char.IsAsciiDigit(text[1]) || text[1] == '.'));
        if (numberLike && text.AsSpan().IndexOfAnyExcept(NumberCharacters) < 0)
        {
            return true;
        }

        return text.StartsWith(".inf", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith(".nan", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("-.inf", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("+.inf", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Every character a YAML 1.1 int (decimal, 0x hex, 0o/0 octal, 0b binary, sexagesimal, with
    /// <c>_</c>), float or timestamp can hold. A number-like start followed only by these is quoted;
    /// <c>1Gi</c> or <c>100m</c> hold others and stay plain.
    /// </summary>
    private static readonly System.Buffers.SearchValues<char> NumberCharacters =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEFxXoO_.:+- tTzZ");
}

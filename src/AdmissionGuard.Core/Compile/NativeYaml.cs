using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AdmissionGuard.Core.Compile;

/// <summary>A YAML mapping that keeps its keys in the order they were added.</summary>
internal sealed class YamlMap : List<KeyValuePair<string, object>>
{
    public object this[string key]
    {
        set
        {
            var i = FindIndex(p => p.Key == key);
            if (i < 0)
            {
                Add(new(key, value));
            }
            else
            {
                this[i] = new(key, value);
            }
        }
    }
}

/// <summary>
/// Writes maps, lists, strings, booleans and numbers as YAML documents through YamlDotNet's
/// emitter (no reflection). Multi-line strings are literal blocks, so CEL stays readable.
/// </summary>
internal static class NativeYaml
{
    public static void Write(TextWriter writer, IEnumerable<YamlMap> documents, string? header = null)
    {
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                writer.WriteLine(line.Length == 0 ? "#" : "# " + line);
            }
        }

        var emitter = new Emitter(writer, new EmitterSettings(2, 4096, false, 1024));
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, false));
            Emit(emitter, document);
            emitter.Emit(new DocumentEnd(true));
        }

        emitter.Emit(new StreamEnd());
    }

    public static string ToText(IEnumerable<YamlMap> documents, string? header = null)
    {
        using var writer = new StringWriter();
        Write(writer, documents, header);
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, object value)
    {
        switch (value)
        {
            case YamlMap map:
                emitter.Emit(new MappingStart());
                foreach (var (key, item) in map)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, item);
                }

                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable<object> list:
                emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
                foreach (var item in list)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case bool b:
                emitter.Emit(new Scalar(null, null, b ? "true" : "false", ScalarStyle.Plain, true, false));
                break;
            case int or long:
                emitter.Emit(new Scalar(null, null, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, ScalarStyle.Plain, true, false));
                break;
            case string s:
                var style = s.Contains('\n') ? ScalarStyle.Literal : LooksTyped(s) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
                emitter.Emit(new Scalar(null, null, s, style, true, true));
                break;
            default:
                throw new ArgumentException($"cannot write {value.GetType().Name} as YAML", nameof(value));
        }
    }

    /// <summary>A string a YAML reader would take for a boolean, null or number unless quoted.</summary>
    private static bool LooksTyped(string s) =>
        s.Length == 0
        || s is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "YES" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF" or "y" or "Y" or "n" or "N"
        || double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
        || s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || s.StartsWith("0o", StringComparison.OrdinalIgnoreCase);
}

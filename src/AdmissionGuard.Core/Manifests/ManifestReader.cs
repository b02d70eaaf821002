using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AdmissionGuard.Core.Manifests;

/// <summary>
/// Reads a YAML or JSON manifest stream (multi-document) into JSON documents with the line each
/// starts on. YAML is read with YamlDotNet's parser and typed as Kubernetes' YAML 1.1 decoder
/// types it (see <see cref="YamlScalars"/>); anchors, aliases and merge keys (<c>&lt;&lt;</c>) are
/// resolved. A syntax error ends the stream with one error document naming the line, and so does a
/// mapping with a duplicate key, which Kubernetes' decoder (and so kubectl and kustomize) refuses
/// instead of keeping the last value. Text that
/// opens with <c>{</c> or <c>[</c> is first read as a stream of JSON values (kubectl accepts
/// concatenated JSON objects, which YAML does not).
/// </summary>
internal static class ManifestReader
{
    /// <summary>Upper bound on nesting, so a hostile file cannot exhaust the stack.</summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// Upper bound on the nodes aliases may copy into one document, so that a few lines of nested
    /// aliases (a "billion laughs" file) cannot expand into gigabytes. Real manifests rarely use
    /// aliases at all; Go's YAML decoder, which kubectl uses, refuses excessive aliasing as well.
    /// </summary>
    public const long MaxAliasedNodes = 1_000_000;

    public static IReadOnlyList<ManifestDocument> Read(string text, string file)
    {
        if (JsonStreamReader.LooksLikeJson(text) && JsonStreamReader.TryRead(text, file) is { } json)
        {
            return json;
        }

        var documents = new List<ManifestDocument>();
        var parser = new Parser(new StringReader(BlankWhitespaceLines(text)));
        var index = 0;
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                var line = (int)start.End.Line;
                JsonNode? content = null;
                if (!parser.Accept<DocumentEnd>(out _))
                {
                    line = (int)parser.Current!.Start.Line;
                    content = ReadNode(parser, new Anchors(), 0);
                }

                parser.Consume<DocumentEnd>();
                documents.Add(new ManifestDocument(file, index++, line, content));
            }

            parser.Consume<StreamEnd>();
        }
        catch (DuplicateKeyException e)
        {
            documents.Add(new ManifestDocument(file, index, (int)e.Start.Line, null, e.Reason));
        }
        catch (YamlException e)
        {
            documents.Add(new ManifestDocument(file, index, (int)e.Start.Line, null, $"YAML syntax error at line {e.Start.Line}, column {e.Start.Column}: {FirstLine(e.Message)}"));
        }
        catch (InvalidOperationException)
        {
            var at = parser.Current?.Start ?? Mark.Empty;
            documents.Add(new ManifestDocument(file, index, (int)at.Line, null, $"YAML syntax error at line {at.Line}, column {at.Column}: unexpected {parser.Current?.GetType().Name ?? "end of input"}"));
        }

        return documents;
    }

    private static JsonNode? ReadNode(IParser parser, Anchors anchors, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(parser.Current!.Start, parser.Current.End, $"nesting deeper than {MaxDepth} levels");
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            JsonNode? value = scalar.Style != ScalarStyle.Plain || IsStringTag(scalar.Tag)
                ? JsonValue.Create(scalar.Value)
                : YamlScalars.Resolve(scalar.Value);
            anchors.Remember(scalar.Anchor, value);
            return value;
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.Resolve(alias);
        }

        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, anchors, depth + 1));
            }

            anchors.Remember(seqStart.Anchor, array);
            return array;
        }

        if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            var obj = new JsonObject();

            // Lines of the keys written in this mapping; keys a merge (<<) brought in may be overridden.
            var written = new Dictionary<string, long>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                // Keys stay text: JSON keys are strings, and `on:` must not become "true".
                var keyStart = parser.Current!.Start;
                var key = parser.TryConsume<Scalar>(out var keyScalar)
                    ? keyScalar.Value
                    : KeyText(ReadNode(parser, anchors, depth + 1));
                if (key != "<<" && !written.TryAdd(key, keyStart.Line))
                {
                    throw new DuplicateKeyException(keyStart, key, written[key]);
                }

                var value = ReadNode(parser, anchors, depth + 1);
                if (key == "<<" && value is JsonObject or JsonArray)
                {
                    Merge(obj, value);
                    continue;
                }

                obj[key] = value;
            }

            anchors.Remember(mapStart.Anchor, obj);
            return obj;
        }

        var unexpected = parser.Current!;
        throw new YamlException(unexpected.Start, unexpected.End, $"unexpected {unexpected.GetType().Name}");
    }

    /// <summary>
    /// Empties lines made only of spaces or tabs. Charts often render a block scalar whose first
    /// line is indentation only; YAML allows it and Kubernetes' decoder reads it, but YamlDotNet
    /// rejects it ("extra spaces in first line"). Such lines carry no content, so emptying them
    /// changes nothing a policy reads, and line numbers stay the same.
    /// </summary>
    private static string BlankWhitespaceLines(string text)
    {
        System.Text.StringBuilder? sb = null;
        var lineStart = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '\n')
            {
                continue;
            }

            var end = i > lineStart && text[i - 1] == '\r' ? i - 1 : i;
            var blank = end > lineStart && text.AsSpan(lineStart, end - lineStart).IndexOfAnyExcept(' ', '\t') < 0;
            if (blank && sb is null)
            {
                sb = new System.Text.StringBuilder(text.Length);
                sb.Append(text, 0, lineStart);
            }

            if (sb is not null)
            {
                if (!blank)
                {
                    sb.Append(text, lineStart, end - lineStart);
                }

                sb.Append(text, end, Math.Min(i + 1, text.Length) - end);
            }

            lineStart = i + 1;
        }

        return sb?.ToString() ?? text;
    }

    private static bool IsStringTag(TagName tag) =>
        !tag.IsEmpty && !tag.IsNonSpecific && tag.Value is "tag:yaml.org,2002:str" or "!!str" or "tag:yaml.org,2002:binary";

    /// <summary>The anchors of one document, each with its size, and what aliases may still copy.</summary>
    private sealed class Anchors
    {
        private readonly Dictionary<string, (JsonNode? Node, long Size)> named = new(StringComparer.Ordinal);
        private long aliased;

        public void Remember(AnchorName anchor, JsonNode? node)
        {
            if (!anchor.IsEmpty)
            {
                named[anchor.Value] = (node?.DeepClone(), Count(node));
            }
        }

        public JsonNode? Resolve(AnchorAlias alias)
        {
            if (!named.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"unknown alias *{alias.Value.Value}");
            }

            aliased += target.Size;
            if (aliased > MaxAliasedNodes)
            {
                throw new YamlException(alias.Start, alias.End, $"aliases expand to more than {MaxAliasedNodes} nodes");
            }

            return target.Node?.DeepClone();
        }

        private static long Count(JsonNode? node) => node switch
        {
            JsonObject obj => 1 + obj.Sum(p => Count(p.Value)),
            JsonArray array => 1 + array.Sum(Count),
            _ => 1,
        };
    }

    private static void Merge(JsonObject target, JsonNode source)
    {
        IEnumerable<JsonNode?> sources = source is JsonArray a ? a : [source];
        foreach (var s in sources)
        {
            if (s is not JsonObject map)
            {
                continue;
            }

            foreach (var (k, v) in map)
            {
                if (!target.ContainsKey(k))
                {
                    target[k] = v?.DeepClone();
                }
            }
        }
    }

    private static string KeyText(JsonNode? key) => key switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => key.ToJsonString(),
    };

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n');
        return nl < 0 ? message : message[..nl];
    }
}

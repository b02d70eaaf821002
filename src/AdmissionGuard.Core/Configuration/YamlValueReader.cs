using AdmissionGuard.Core.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdmissionGuard.Core.Configuration;

/// <summary>
/// Reads typed values out of YamlDotNet's representation model for one document, recording the
/// line of every field and item and reporting values of the wrong shape (a list where a string
/// belongs, a quoted "true" where a boolean belongs). Plain scalars are typed as Kubernetes' YAML
/// 1.1 decoder types them, so <c>yes</c> is a boolean and <c>"yes"</c> a string; string fields
/// take the text as written, so <c>action: off</c> means the action "off", not false.
/// </summary>
internal sealed class YamlValueReader(PolicyDocument document, List<PolicyFileError> errors)
{
    public PolicyDocument Document { get; } = document;

    public static int LineOf(YamlNode node) => node.Start.Equals(Mark.Empty) ? 1 : (int)node.Start.Line;

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public void Error(string path, YamlNode at, string message) => Error(path, LineOf(at), message);

    public void Error(string path, int line, string message)
    {
        Document.ReportedFields.Add(path);
        errors.Add(new PolicyFileError(Document.File, line, path, message));
    }

    /// <summary>
    /// Walks a mapping: records each field's line and hands its value to the matching reader;
    /// any other key is an unknown field. A null value (<c>spec:</c> with nothing under it) is an
    /// empty mapping.
    /// </summary>
    public void ReadMapping(YamlNode node, string path, IReadOnlyList<(string Name, Action<YamlNode, string> Read)> fields)
    {
        if (IsNull(node))
        {
            return;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(path, node, $"expected a mapping with {Names(fields)}, got {Describe(node)}");
            return;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                Error(path, keyNode, "a field name must be a plain, non-empty string");
                continue;
            }

            var fieldPath = FieldLines.Child(path, key);
            Document.Lines.Record(fieldPath, LineOf(keyNode));
            var read = FindField(fields, key);
            if (read is null)
            {
                Error(fieldPath, keyNode, $"unknown field; expected {Names(fields)}");
                continue;
            }

            read(value, fieldPath);
        }
    }

    /// <summary>The scalar's text; null for a YAML null; an error (and null) for a list or mapping.</summary>
    public string? ReadString(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        Error(path, node, $"expected a string, got {Describe(node)}");
        return null;
    }

    public bool? ReadBool(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (Resolve(node) is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValue<bool>();
        }

        Error(path, node, $"expected a boolean (true or false), got {Describe(node)}");
        return null;
    }

    public long? ReadInteger(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (Resolve(node) is JsonValue value && value.TryGetValue<long>(out var number))
        {
            return number;
        }

        Error(path, node, $"expected a whole number, got {Describe(node)}");
        return null;
    }

    /// <summary>A list of strings; each item's line is recorded as <c>path[i]</c>. A YAML null is an empty list.</summary>
    public List<string>? ReadStringList(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(path, node, $"expected a list of strings, got {Describe(node)}");
            return null;
        }

        var items = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemPath = $"{path}[{i}]";
            Document.Lines.Record(itemPath, LineOf(item));
            if (item is YamlScalarNode scalar)
            {
                items.Add(IsNull(item) ? string.Empty : scalar.Value ?? string.Empty);
            }
            else
            {
                Error(itemPath, item, $"expected a string, got {Describe(item)}");
            }
        }

        return items;
    }

    /// <summary>What a node is, for messages: its kind and, for a short scalar, the text.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } s => $"the quoted string '{Short(s.Value)}'",
        YamlScalarNode s => $"'{Short(s.Value)}'",
        _ => "an unexpected node",
    };

    private static JsonNode? Resolve(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && !IsStringTag(scalar.Tag)
            ? YamlScalars.Resolve(scalar.Value ?? string.Empty)
            : null;

    private static bool IsStringTag(TagName tag) =>
        !tag.IsEmpty && !tag.IsNonSpecific && tag.Value is "tag:yaml.org,2002:str";

    private static string Short(string? text) => text is null ? string.Empty : text.Length <= 40 ? text : text[..37] + "...";

    private static Action<YamlNode, string>? FindField(IReadOnlyList<(string Name, Action<YamlNode, string> Read)> fields, string key)
    {
        foreach (var (name, read) in fields)
        {
            if (name == key)
            {
                return read;
            }
        }

        return null;
    }

    private static string Names(IReadOnlyList<(string Name, Action<YamlNode, string> Read)> fields) =>
        string.Join(", ", fields.Select(f => f.Name));
}

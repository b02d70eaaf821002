using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdmissionGuard.Cli.Baseline;

/// <summary>
/// The baseline file (docs/baseline.md): YAML, <c>version: 1</c> and a sorted list of findings,
/// every value double-quoted so that no YAML reading can change it. Written the same way every
/// time for the same findings, so that a pull request shows only what changed.
/// </summary>
internal static class BaselineFile
{
    public const int Version = 1;

    private static readonly string[] EntryFields = ["kind", "namespace", "name", "policy", "rule"];

    /// <summary>The entries of <paramref name="path"/>; throws <see cref="BaselineFileException"/> naming the file, line and field.</summary>
    public static IReadOnlyList<BaselineEntry> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BaselineFileException(path, 0, "(file)", e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"cannot read: {e.Message}");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new BaselineFileException(path, (int)e.Start.Line, "(yaml)", "YAML syntax error: " + e.Message.Split('\n')[0]);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new BaselineFileException(path, 1, "(document)", $"expected one mapping with version: {Version} and findings, as --write-baseline writes it");
        }

        var fields = Fields(path, root, string.Empty, ["version", "findings"]);
        if (!fields.TryGetValue("version", out var version))
        {
            throw new BaselineFileException(path, Line(root), "version", $"required: {Version}");
        }

        if (version is not YamlScalarNode { Value: var v } || v != Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new BaselineFileException(path, Line(version), "version", $"unsupported version '{(version as YamlScalarNode)?.Value}'; this admission-guard reads version {Version}");
        }

        if (!fields.TryGetValue("findings", out var findings) || IsNull(findings))
        {
            return [];
        }

        if (findings is not YamlSequenceNode list)
        {
            throw new BaselineFileException(path, Line(findings), "findings", "expected a list of findings");
        }

        var entries = new List<BaselineEntry>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = $"findings[{i}]";
            if (list.Children[i] is not YamlMappingNode item)
            {
                throw new BaselineFileException(path, Line(list.Children[i]), at, "expected a mapping with kind, namespace, name, policy and rule");
            }

            var entry = Fields(path, item, at, EntryFields);
            string Value(string field, bool required)
            {
                if (!entry.TryGetValue(field, out var node) || IsNull(node))
                {
                    return required ? throw new BaselineFileException(path, Line(item), $"{at}.{field}", "required") : string.Empty;
                }

                return node is YamlScalarNode { Value: { } s } && (s.Length > 0 || !required)
                    ? s
                    : throw new BaselineFileException(path, Line(node), $"{at}.{field}", node is YamlScalarNode ? "must not be empty" : "expected a string");
            }

            entries.Add(new BaselineEntry(Value("kind", true), Value("namespace", false), Value("name", true), Value("policy", true), Value("rule", false)));
        }

        return entries;
    }

    /// <summary>Writes the entries, sorted and without duplicates, to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<BaselineEntry> entries)
    {
        var sorted = entries.Distinct().Order().ToList();
        var text = new StringBuilder();
        text.Append("# Findings that admission-guard check --baseline does not fail on (docs/baseline.md).\n");
        text.Append("# Written by admission-guard check --write-baseline; sorted by kind, namespace, name, policy, rule.\n");
        text.Append("version: ").Append(Version).Append('\n');
        if (sorted.Count == 0)
        {
            text.Append("findings: []\n");
        }
        else
        {
            text.Append("findings:\n");
            foreach (var e in sorted)
            {
                text.Append("  - kind: ").Append(Quote(e.Kind)).Append('\n');
                text.Append("    namespace: ").Append(Quote(e.Namespace)).Append('\n');
                text.Append("    name: ").Append(Quote(e.Name)).Append('\n');
                text.Append("    policy: ").Append(Quote(e.Policy)).Append('\n');
                text.Append("    rule: ").Append(Quote(e.Rule)).Append('\n');
            }
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    /// <summary>A YAML double-quoted scalar: backslash, quote and control characters escaped.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                < ' ' or '\u007f' => quoted.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    private static Dictionary<string, YamlNode> Fields(string path, YamlMappingNode mapping, string at, string[] known)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            var field = at.Length == 0 ? name : $"{at}.{name}";
            if (!known.Contains(name))
            {
                throw new BaselineFileException(path, Line(key), field, $"unknown field; expected {string.Join(", ", known)}");
            }

            if (!fields.TryAdd(name, value))
            {
                throw new BaselineFileException(path, Line(key), field, "given twice");
            }
        }

        return fields;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static int Line(YamlNode node) => (int)node.Start.Line;
}

/// <summary>A baseline file that cannot be used: which file, line and field, and what is wrong.</summary>
internal sealed class BaselineFileException(string file, int line, string field, string reason)
    : Exception(line > 0 ? $"{file}:{line}: {field}: {reason}" : $"{file}: {field}: {reason}");

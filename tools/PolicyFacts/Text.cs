using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AdmissionGuard.PolicyFacts;

/// <summary>How the generated files spell a policy's facts: values keys, YAML values, plain-text meanings.</summary>
internal static partial class Text
{
    /// <summary>A value as YAML writes it in the policy files and values.yaml: plain where it can be, quoted otherwise, lists in flow style.</summary>
    public static string Yaml(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => YamlString(s),
        IEnumerable list => $"[{string.Join(", ", list.Cast<object?>().Select(Yaml))}]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    /// <summary>A Markdown meaning as plain text: no code marks, a capital first letter, a full stop.</summary>
    public static string Sentence(string markdown)
    {
        var plain = markdown.Replace("`", string.Empty, StringComparison.Ordinal).Replace("\\|", "|", StringComparison.Ordinal);
        if (!markdown.StartsWith('`') && plain.Length > 0 && char.IsLower(plain[0]))
        {
            plain = char.ToUpperInvariant(plain[0]) + plain[1..];
        }

        return plain.EndsWith('.') ? plain : plain + ".";
    }

    /// <summary>
    /// Lines of at most <paramref name="width"/> characters: the first starts with <paramref name="first"/>
    /// (or <paramref name="prefix"/>), the others with <paramref name="prefix"/>, then the words.
    /// </summary>
    public static IEnumerable<string> Wrap(string text, string prefix, string? first = null, int width = 100)
    {
        var start = first ?? prefix;
        var line = new StringBuilder(start);
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > start.Length && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                start = prefix;
                line.Clear().Append(prefix);
            }

            line.Append(line.Length > start.Length ? " " : string.Empty).Append(word);
        }

        yield return line.ToString();
    }

    /// <summary>A table cell: <c>`value`</c>, bars escaped.</summary>
    public static string Code(string text) => $"`{text.Replace("|", "\\|", StringComparison.Ordinal)}`";

    private static string YamlString(string s) =>
        PlainScalar().IsMatch(s) && s is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "y" or "n") && !double.TryParse(s, CultureInfo.InvariantCulture, out _)
            ? s
            : JsonSerializer.Serialize(s, Json.Options);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9./_-]*$")]
    private static partial Regex PlainScalar();
}

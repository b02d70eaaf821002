using System.Text.RegularExpressions;

namespace AdmissionGuard.PolicyFacts;

/// <summary>
/// The generated regions of a hand-written file: the lines between a line holding
/// <c>generated: NAME</c> and one holding <c>end generated: NAME</c>, whatever comment syntax
/// wraps them (<c>&lt;!-- --&gt;</c>, <c>#</c>, <c>{{/* */}}</c>). Everything outside stays as written.
/// </summary>
internal static partial class Regions
{
    /// <summary>
    /// The text with each region's lines replaced by <paramref name="content"/>(name), which ends
    /// with a line break (or is empty). Fails on an unknown name, an unclosed region, or a missing
    /// one of <paramref name="required"/>.
    /// </summary>
    public static string Fill(string text, string file, Func<string, string?> content, params IEnumerable<string> required)
    {
        var lines = text.Split('\n');
        var output = new StringBuilder(text.Length);
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            output.Append(lines[i]);
            if (i < lines.Length - 1)
            {
                output.Append('\n');
            }

            if (Start().Match(lines[i]) is not { Success: true } start || lines[i].Contains("end generated:", StringComparison.Ordinal))
            {
                continue;
            }

            var name = start.Groups["name"].Value;
            var end = Array.FindIndex(lines, i + 1, l => End().Match(l) is { Success: true } m && m.Groups["name"].Value == name);
            if (end < 0)
            {
                throw new GenerationException($"{file}:{i + 1}: the region {name} has no line 'end generated: {name}'");
            }

            output.Append(content(name) ?? throw new GenerationException($"{file}:{i + 1}: no generator writes a region named {name}"));
            found.Add(name);
            i = end - 1;
        }

        var missing = required.Where(r => !found.Contains(r)).ToArray();
        if (missing.Length > 0)
        {
            throw new GenerationException($"{file}: no generated region {string.Join(", ", missing)}; add the lines 'generated: NAME' and 'end generated: NAME' in a comment where it belongs (docs/adding-a-policy.md)");
        }

        return output.ToString();
    }

    [GeneratedRegex(@"\bgenerated: (?<name>[A-Za-z0-9/._-]+)")]
    private static partial Regex Start();

    [GeneratedRegex(@"\bend generated: (?<name>[A-Za-z0-9/._-]+)")]
    private static partial Regex End();
}

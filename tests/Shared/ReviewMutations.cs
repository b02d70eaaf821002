using System.Text;
using System.Text.Json.Nodes;

namespace AdmissionGuard.Testing;

/// <summary>
/// Systematic and seeded-random damage to a review body, each case named so that a failure can
/// be reproduced from its name alone (seed and case number, or JSON path and replacement).
/// </summary>
internal static class ReviewMutations
{
    /// <summary>One damaged body and what was done to it.</summary>
    public sealed record Case(string What, byte[] Body)
    {
        public override string ToString() => What;
    }

    /// <summary>The values every field is replaced by in turn: null and one value of each other JSON type.</summary>
    public static readonly IReadOnlyList<(string Name, Func<JsonNode?> Value)> WrongValues =
    [
        ("null", () => null),
        ("a number", () => JsonValue.Create(42)),
        ("a string", () => JsonValue.Create("x")),
        ("an array", () => new JsonArray()),
        ("an object", () => new JsonObject()),
        ("true", () => JsonValue.Create(true)),
    ];

    /// <summary>Byte sequences that are not UTF-8: a lone continuation byte, a truncated sequence, an overlong slash, an encoded surrogate, bytes never used.</summary>
    public static readonly IReadOnlyList<byte[]> InvalidUtf8 =
    [
        [0x80],
        [0xC3, 0x28],
        [0xC0, 0xAF],
        [0xED, 0xA0, 0x80],
        [0xF4, 0x90, 0x80, 0x80],
        [0xFE],
        [0xFF, 0xFF],
    ];

    private static readonly byte[] Structural = "{}[]\":,\\ 0-tfn\n"u8.ToArray();

    /// <summary>
    /// <paramref name="count"/> random damages of <paramref name="body"/> from one seed: 1 to 4
    /// operations each, among bit flips, byte overwrites (random, structural or not UTF-8),
    /// deletions, duplications, insertions and truncation.
    /// </summary>
    public static IEnumerable<Case> Random(byte[] body, int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var bytes = new List<byte>(body);
            var what = new StringBuilder($"seed {seed} case {i}:");
            var operations = random.Next(1, 5);
            for (var op = 0; op < operations && bytes.Count > 0; op++)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(8))
                {
                    case 0:
                        var bit = 1 << random.Next(8);
                        bytes[at] ^= (byte)bit;
                        what.Append($" flip bit {bit} at {at};");
                        break;
                    case 1:
                        var value = (byte)random.Next(256);
                        bytes[at] = value;
                        what.Append($" set {at} to 0x{value:X2};");
                        break;
                    case 2:
                        var structural = Structural[random.Next(Structural.Length)];
                        bytes[at] = structural;
                        what.Append($" set {at} to '{(char)structural}';");
                        break;
                    case 3:
                        var length = Math.Min(random.Next(1, 64), bytes.Count - at);
                        bytes.RemoveRange(at, length);
                        what.Append($" delete {length} at {at};");
                        break;
                    case 4:
                        var copy = Math.Min(random.Next(1, 256), bytes.Count - at);
                        bytes.InsertRange(at, bytes.GetRange(at, copy));
                        what.Append($" repeat {copy} at {at};");
                        break;
                    case 5:
                        var invalid = InvalidUtf8[random.Next(InvalidUtf8.Count)];
                        bytes.InsertRange(at, invalid);
                        what.Append($" insert {Convert.ToHexString(invalid)} at {at};");
                        break;
                    case 6:
                        bytes.RemoveRange(at, bytes.Count - at);
                        what.Append($" truncate to {at};");
                        break;
                    default:
                        var inserted = new byte[random.Next(1, 8)];
                        random.NextBytes(inserted);
                        bytes.InsertRange(at, inserted);
                        what.Append($" insert {Convert.ToHexString(inserted)} at {at};");
                        break;
                }
            }

            yield return new Case(what.ToString(), bytes.ToArray());
        }
    }

    /// <summary>Every prefix of the body, from empty to one byte short (every <paramref name="step"/>th length).</summary>
    public static IEnumerable<Case> Truncations(byte[] body, int step = 1)
    {
        for (var length = 0; length < body.Length; length += step)
        {
            yield return new Case($"truncated to {length} of {body.Length} bytes", body[..length]);
        }
    }

    /// <summary>
    /// For every value in the review (the root, each property and array element, at any depth
    /// under <paramref name="maxDepth"/>), the review with that value replaced by each of
    /// <see cref="WrongValues"/>. A value of the same type is replaced all the same: an empty
    /// array or object where a filled one was is damage too.
    /// </summary>
    public static IEnumerable<Case> WrongTypes(JsonObject review, int maxDepth = int.MaxValue)
    {
        foreach (var path in Paths(review, "$", 0, maxDepth))
        {
            foreach (var (name, value) in WrongValues)
            {
                var copy = review.DeepClone();
                var replaced = Replace(copy, path.Steps, value());
                yield return new Case($"{path.Text} replaced by {name}", Encoding.UTF8.GetBytes(replaced?.ToJsonString() ?? "null"));
            }
        }
    }

    private sealed record JsonPath(string Text, object[] Steps);

    private static IEnumerable<JsonPath> Paths(JsonNode? node, string text, int depth, int maxDepth)
    {
        yield return new JsonPath(text, []);
        if (depth >= maxDepth)
        {
            yield break;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var inner in Paths(child, $"{text}.{key}", depth + 1, maxDepth))
                    {
                        yield return inner with { Steps = [key, .. inner.Steps] };
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var inner in Paths(array[i], $"{text}[{i}]", depth + 1, maxDepth))
                    {
                        yield return inner with { Steps = [i, .. inner.Steps] };
                    }
                }

                break;
        }
    }

    /// <summary>Replaces the value at <paramref name="steps"/>; returns the new root.</summary>
    private static JsonNode? Replace(JsonNode root, object[] steps, JsonNode? value)
    {
        if (steps.Length == 0)
        {
            return value;
        }

        var parent = root;
        foreach (var step in steps[..^1])
        {
            parent = step is string key ? parent[key]! : parent[(int)step]!;
        }

        if (steps[^1] is string last)
        {
            parent[last] = value;
        }
        else
        {
            parent[(int)steps[^1]] = value;
        }

        return root;
    }
}

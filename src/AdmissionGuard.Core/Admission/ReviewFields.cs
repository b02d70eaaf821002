using System.Runtime.InteropServices;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Typed reads of an AdmissionReview's envelope fields from its parsed document. A field that is
/// absent or JSON null reads as absent; one of the wrong type, or a string that cannot be decoded,
/// refuses the review naming the field. A repeated property reads as its last value, as the API
/// server's own decoder reads it.
/// </summary>
internal static class ReviewFields
{
    /// <summary>The object under <paramref name="name"/>; false when absent or null.</summary>
    public static bool TryObject(JsonElement parent, ReadOnlySpan<byte> name, string field, out JsonElement value)
    {
        if (!Present(parent, name, out value))
        {
            return false;
        }

        return value.ValueKind == JsonValueKind.Object ? true : throw WrongType(field, "an object");
    }

    public static string? String(JsonElement parent, ReadOnlySpan<byte> name, string field) =>
        Present(parent, name, out var value) ? Text(value, field, known: false) : null;

    /// <summary>A string that is usually one of a few known values: those are not allocated again per request.</summary>
    public static string? KnownString(JsonElement parent, ReadOnlySpan<byte> name, string field) =>
        Present(parent, name, out var value) ? Text(value, field, known: true) : null;

    /// <summary>An array of strings, each usually a known value (user groups).</summary>
    public static List<string>? KnownStrings(JsonElement parent, ReadOnlySpan<byte> name, string field)
    {
        if (!Present(parent, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(field, "an array of strings");
        }

        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw WrongType(field, "an array of strings");
            }

            list.Add(Text(item, field, known: true));
        }

        return list;
    }

    /// <summary>true, false, or false when absent or null.</summary>
    public static bool Boolean(JsonElement parent, ReadOnlySpan<byte> name, string field) =>
        Present(parent, name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(field, "a boolean"),
        };

    public static AdmissionReviewException WrongType(string field, string expected) =>
        new(AdmissionReviewError.InvalidReview, $"{field} must be {expected}");

    private static bool Present(JsonElement parent, ReadOnlySpan<byte> name, out JsonElement value) =>
        parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A string's bytes between its quotes when it has no escape (the common case); empty otherwise.</summary>
    private static ReadOnlySpan<byte> Unescaped(JsonElement value)
    {
        var quoted = JsonMarshal.GetRawUtf8Value(value);
        var raw = quoted[1..^1];
        return raw.Contains((byte)'\\') ? default : raw;
    }

    private static string Text(JsonElement value, string field, bool known)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(field, "a string");
        }

        if (known && Unescaped(value) is { IsEmpty: false } raw)
        {
            foreach (var (utf8, text) in Admission.KnownStrings.All)
            {
                if (raw.SequenceEqual(utf8))
                {
                    return text;
                }
            }
        }

        // The parser checks a string's syntax, not its encoding: bytes that are not UTF-8, or an
        // escaped lone surrogate, only fail when the string is decoded. That is malformed input
        // (JSON text is UTF-8), not a webhook error.
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new AdmissionReviewException(AdmissionReviewError.MalformedJson, $"{field} is not valid UTF-8 text");
        }
    }
}

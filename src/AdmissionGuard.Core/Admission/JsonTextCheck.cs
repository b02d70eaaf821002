using System.Text.Unicode;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Makes sure every string of a parsed object can be read, once, when it is parsed: bytes that are
/// not UTF-8, or an escape that is half a surrogate pair, cannot become a .NET string, and the
/// API server never sends either (it encodes JSON from valid strings). Checked here so that no
/// policy meets such a string. The common case costs one vectorised UTF-8 check and one search
/// for <c>\u</c>; the walk that names the field runs only when one of them fails.
/// </summary>
internal static class JsonTextCheck
{
    /// <exception cref="UnreadableObjectException">A property name or string value cannot be read.</exception>
    public static void EnsureReadable(ReadOnlySpan<byte> json, JsonElement root)
    {
        if (Utf8.IsValid(json) && json.IndexOf("\\u"u8) < 0)
        {
            return;
        }

        Walk(root);
    }

    private static void Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Read(element, () => element.GetString());
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Read(property.Value, () => property.Name);
                    Walk(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }

                break;
        }
    }

    private static void Read(JsonElement at, Func<string?> read)
    {
        try
        {
            _ = read();
        }
        catch (InvalidOperationException)
        {
            // The reader's own refusal of the text; the message would quote nothing, but the
            // reason says what is wrong without it.
            throw UnreadableObjectException.At(at, "holds text that is not valid UTF-8 or UTF-16");
        }
    }
}

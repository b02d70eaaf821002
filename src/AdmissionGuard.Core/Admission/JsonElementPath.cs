using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Finds where an element sits in its document, as a field path (<c>spec.template.spec.containers[0].env</c>).
/// Elements do not know their parents; this walks the document from the root and compares the
/// element's bytes by reference, so it finds that exact element, not an equal one. Used only to
/// report an unreadable object, never on the path of a readable one.
/// </summary>
internal static class JsonElementPath
{
    /// <summary>The path of <paramref name="target"/> inside <paramref name="root"/>; null when it is not in it.</summary>
    public static string? Find(JsonElement root, JsonElement target)
    {
        if (target.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        var steps = new List<string>();
        return Walk(root, target, steps) ? Format(steps) : null;
    }

    /// <summary>Formats steps as the field paths of findings: <c>a.b[0]["key.with/dots"]</c>.</summary>
    public static string Format(IEnumerable<string> steps)
    {
        var sb = new StringBuilder();
        foreach (var step in steps)
        {
            if (step.Length > 0 && step.All(char.IsAsciiDigit) && sb.Length > 0)
            {
                sb.Append('[').Append(step).Append(']');
            }
            else if (step.Contains('.') || step.Contains('/'))
            {
                sb.Append("[\"").Append(step).Append("\"]");
            }
            else
            {
                if (sb.Length > 0)
                {
                    sb.Append('.');
                }

                sb.Append(step);
            }
        }

        return sb.ToString();
    }

    private static bool Walk(JsonElement current, JsonElement target, List<string> steps)
    {
        if (Same(current, target))
        {
            return true;
        }

        switch (current.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in current.EnumerateObject())
                {
                    // Raw, so that a name that is not valid text still names the path (with U+FFFD).
                    steps.Add(Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property)));
                    if (Walk(property.Value, target, steps))
                    {
                        return true;
                    }

                    steps.RemoveAt(steps.Count - 1);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in current.EnumerateArray())
                {
                    steps.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (Walk(item, target, steps))
                    {
                        return true;
                    }

                    steps.RemoveAt(steps.Count - 1);
                    i++;
                }

                break;
        }

        return false;
    }

    private static bool Same(JsonElement a, JsonElement b)
    {
        var x = JsonMarshal.GetRawUtf8Value(a);
        var y = JsonMarshal.GetRawUtf8Value(b);
        return x.Length == y.Length && Unsafe.AreSame(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
    }
}

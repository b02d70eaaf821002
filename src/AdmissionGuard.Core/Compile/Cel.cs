namespace AdmissionGuard.Core.Compile;

/// <summary>Literals and common pieces of the CEL the native policies are written in.</summary>
internal static class Cel
{
    /// <summary>A single-quoted CEL string literal; quotes, backslashes and control characters escaped.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\'' => sb.Append("\\'"),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) => sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb.Append('\'').ToString();
    }

    /// <summary>A CEL list of string literals: <c>['a', 'b']</c>.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";

    /// <summary>An RE2 pattern that matches exactly the glob (<c>*</c> any run, <c>?</c> one character), anchored.</summary>
    public static string GlobPattern(string glob)
    {
        var sb = new StringBuilder("^");
        foreach (var c in glob)
        {
            _ = c switch
            {
                '*' => sb.Append(".*"),
                '?' => sb.Append('.'),
                _ when char.IsAsciiLetterOrDigit(c) || c is '-' or '_' => sb.Append(c),
                _ => sb.Append('\\').Append(c),
            };
        }

        return sb.Append('$').ToString();
    }

    /// <summary>An optional map index, <c>[?'key']</c>: a value of the key, or none when the map lacks it.</summary>
    public static string OptionalKey(string key) => "[?" + Quote(key) + "]";

    /// <summary>The object's annotations (an empty map when it has none).</summary>
    public const string Annotations = "object.metadata.?annotations.orValue({})";

    public const string Labels = "object.metadata.?labels.orValue({})";

    /// <summary><c>Kind namespace/name</c>, as the webhook names the object in its findings.</summary>
    public const string ObjectRef =
        "object.kind + ' ' + (object.metadata.?namespace.orValue(request.namespace) != '' ? object.metadata.?namespace.orValue(request.namespace) + '/' : '')"
        + " + (object.metadata.?name.orValue(request.name) != '' ? object.metadata.?name.orValue(request.name) : object.metadata.?generateName.orValue('') + '*')";
}

namespace AdmissionGuard.Core.Patching;

/// <summary>RFC 6901 JSON Pointer helpers.</summary>
internal static class JsonPointer
{
    /// <summary>Escapes one reference token: <c>~</c> becomes <c>~0</c>, <c>/</c> becomes <c>~1</c>.</summary>
    public static string Escape(string token) =>
        token.Contains('~') || token.Contains('/') ? token.Replace("~", "~0").Replace("/", "~1") : token;

    /// <summary>Joins unescaped tokens into a pointer: <c>Of("metadata","annotations","helm.sh/resource-policy")</c>.</summary>
    public static string Of(params ReadOnlySpan<string> tokens)
    {
        var parts = new string[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            parts[i] = Escape(tokens[i]);
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>Unescapes one reference token: <c>~1</c> becomes <c>/</c>, then <c>~0</c> becomes <c>~</c>.</summary>
    public static string Unescape(string token) =>
        token.Contains('~') ? token.Replace("~1", "/").Replace("~0", "~") : token;

    /// <summary>The unescaped reference tokens of a pointer that starts with <c>/</c>: <c>/a/b~1c</c> is <c>a</c>, <c>b/c</c>.</summary>
    public static string[] Tokens(string pointer) =>
        pointer.Length > 0 && pointer[0] == '/'
            ? pointer[1..].Split('/').Select(Unescape).ToArray()
            : throw new ArgumentException($"'{pointer}' is not a JSON Pointer: it must start with /", nameof(pointer));

    /// <summary>A pointer as the field paths of findings: <c>metadata.annotations["helm.sh/resource-policy"]</c>.</summary>
    public static string ToFieldPath(string pointer) => Admission.JsonElementPath.Format(Tokens(pointer));
}

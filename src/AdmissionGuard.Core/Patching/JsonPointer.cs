namespace AdmissionGuard.Core.Patching;

/// <summary>RFC 6901 JSON Pointer helpers.</summary>
public static class JsonPointer
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

    /// <summary>The unescaped reference tokens of a pointer: <c>/metadata/annotations/helm.sh~1resource-policy</c> gives three.</summary>
    public static string[] Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new FormatException($"a JSON Pointer starts with '/': {pointer}");
        }

        var tokens = pointer[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = tokens[i].Replace("~1", "/").Replace("~0", "~");
        }

        return tokens;
    }

    /// <summary>A pointer as the field paths of findings: <c>metadata.annotations["helm.sh/resource-policy"]</c>.</summary>
    public static string ToFieldPath(string pointer) => Admission.JsonElementPath.Format(Parse(pointer));
}

namespace AdmissionGuard.Core.Configuration;

/// <summary>
/// Where each field of a policy document was written: <c>spec.match.kinds[1]</c> -> line 12.
/// A field that is missing is reported at the nearest parent that is present, so "spec.action is
/// required" points at the <c>spec:</c> line.
/// </summary>
internal sealed class FieldLines(int documentLine)
{
    private readonly Dictionary<string, int> lines = new(StringComparer.Ordinal);

    public void Record(string path, int line) => lines.TryAdd(path, line);

    public int Find(string path)
    {
        while (path.Length > 0)
        {
            if (lines.TryGetValue(path, out var line))
            {
                return line;
            }

            path = Parent(path);
        }

        return documentLine;
    }

    /// <summary>FluentValidation's <c>Spec.Match.Kinds[0]</c> in the file's spelling: <c>spec.match.kinds[0]</c>.</summary>
    public static string FromPropertyName(string propertyName)
    {
        var sb = new StringBuilder(propertyName.Length);
        foreach (var segment in propertyName.Split('.'))
        {
            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            sb.Append(JsonNamingPolicy.CamelCase.ConvertName(segment));
        }

        return sb.ToString();
    }

    public static string Child(string parent, string field) => parent.Length == 0 ? field : $"{parent}.{field}";

    private static string Parent(string path)
    {
        var cut = path.LastIndexOfAny(['.', '[']);
        return cut < 0 ? string.Empty : path[..cut];
    }
}

namespace AdmissionGuard.Core.Manifests;

/// <summary>
/// Reads a stream of concatenated JSON values (<c>{...}{...}</c> or one per line), which kubectl
/// accepts and YAML does not: a YAML document holds one flow mapping. Each value becomes one
/// document with the line it starts on.
/// </summary>
internal static class JsonStreamReader
{
    /// <summary>True when the text's first meaningful character opens a JSON object or array.</summary>
    public static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return c is '{' or '[';
            }
        }

        return false;
    }

    /// <summary>
    /// Returns null when the text is not a well-formed JSON stream, or when an object names a key
    /// twice: the YAML reader then reports it with its line (JSON is YAML).
    /// </summary>
    public static IReadOnlyList<ManifestDocument>? TryRead(string text, string file)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = ManifestReader.MaxDepth,
        });
        var documents = new List<ManifestDocument>();
        var line = 1;
        var counted = 0;
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                line += CountNewlines(bytes.AsSpan(counted, start - counted));
                counted = start;
                var node = JsonNode.Parse(ref reader);
                if (HasDuplicateKey(node))
                {
                    return null;
                }

                documents.Add(new ManifestDocument(file, documents.Count, line, node));
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return documents;
    }

    /// <summary>JsonNode keeps duplicate keys until an object is first read, and then throws.</summary>
    private static bool HasDuplicateKey(JsonNode? node)
    {
        try
        {
            return Walk(node);
        }
        catch (ArgumentException)
        {
            return true;
        }

        static bool Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, value) in obj)
                    {
                        Walk(value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item);
                    }

                    break;
            }

            return false;
        }
    }

    private static int CountNewlines(ReadOnlySpan<byte> span) => span.Count((byte)'\n');
}

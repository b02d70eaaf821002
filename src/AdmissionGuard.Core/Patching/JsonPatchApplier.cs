namespace AdmissionGuard.Core.Patching;

/// <summary>
/// Applies RFC 6902 <c>add</c> and <c>replace</c> operations (the ones the engine emits) to a
/// JsonNode in place: how <c>check --fix</c> and <c>post-render</c> write a mutation into a manifest. Written here rather than taken from a library: the JSON Patch libraries
/// served for .NET apply to typed models or Newtonsoft tokens, and these two operations over
/// System.Text.Json nodes are a few lines; the tests check the result against
/// Microsoft.AspNetCore.JsonPatch.SystemTextJson.
/// </summary>
internal static class JsonPatchApplier
{
    public static void Apply(JsonNode root, IReadOnlyList<JsonPatchOperation> operations)
    {
        foreach (var op in operations)
        {
            Apply(root, op);
        }
    }

    private static void Apply(JsonNode root, JsonPatchOperation op)
    {
        if (op.Path.Length == 0 || op.Path[0] != '/')
        {
            throw new JsonPatchException($"{op.Op} {op.Path}: a patch path must start with /");
        }

        var tokens = JsonPointer.Tokens(op.Path);
        var parent = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            parent = Child(parent, tokens[i]) ?? throw new JsonPatchException($"{op.Op} {op.Path}: {tokens[i]} does not exist");
        }

        var last = tokens[^1];
        var value = op.Value?.DeepClone();
        switch (op.Op, parent)
        {
            case ("add", JsonObject obj):
                obj[last] = value;
                break;
            case ("replace", JsonObject obj) when obj.ContainsKey(last):
                obj[last] = value;
                break;
            case ("add", JsonArray array):
                if (last == "-")
                {
                    array.Add(value);
                }
                else
                {
                    array.Insert(Index(array, last, op, array.Count), value);
                }

                break;
            case ("replace", JsonArray array):
                array[Index(array, last, op, array.Count - 1)] = value;
                break;
            default:
                throw new JsonPatchException($"{op.Op} {op.Path}: not applicable to this document");
        }
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : null,
        JsonArray array when int.TryParse(token, out var i) && i >= 0 && i < array.Count => array[i],
        _ => null,
    };

    private static int Index(JsonArray array, string token, JsonPatchOperation op, int max) =>
        int.TryParse(token, out var i) && i >= 0 && i <= max && token == i.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? i
            : throw new JsonPatchException($"{op.Op} {op.Path}: {token} is not an index of an array of {array.Count}");
}

/// <summary>A patch operation that does not fit the document.</summary>
internal sealed class JsonPatchException(string message) : Exception(message);

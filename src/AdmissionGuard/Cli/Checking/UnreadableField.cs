using System.Text;
using System.Text.Json.Nodes;

namespace AdmissionGuard.Cli.Checking;

/// <summary>
/// Finds the field that makes an object unreadable as its kind (a field of the wrong type, such
/// as <c>env: "A=b"</c> where a list belongs), for an error that names it: the deepest field
/// whose removal makes the object readable again. Runs only on an object that already failed.
/// </summary>
internal static class UnreadableField
{
    /// <summary>Bounds the search on a hostile object: the policies read far fewer fields than this.</summary>
    private const int MaxAttempts = 2000;

    /// <param name="obj">The object that could not be read; not changed.</param>
    /// <param name="unreadable">True when the engine cannot read the given object.</param>
    /// <returns>The field path (<c>spec.template.spec.containers[0].env</c>), or null when no single field explains it.</returns>
    public static string? Locate(JsonObject obj, Func<JsonObject, bool> unreadable)
    {
        var path = new List<object>();
        var attempts = 0;
        while (Resolve(obj, path) is { } node && attempts < MaxAttempts)
        {
            object? culprit = null;
            foreach (var child in Children(node, path.Count == 0))
            {
                attempts++;
                var trial = (JsonObject)obj.DeepClone();
                Remove(Resolve(trial, path)!, child);
                if (!unreadable(trial))
                {
                    culprit = child;
                    break;
                }
            }

            if (culprit is null)
            {
                break;
            }

            path.Add(culprit);
            if (Resolve(obj, path) is not (JsonObject or JsonArray))
            {
                break;
            }
        }

        return path.Count == 0 ? null : Format(path);
    }

    private static IEnumerable<object> Children(JsonNode node, bool root) => node switch
    {
        // apiVersion and kind say what to read the object as; they are never the field at fault here.
        JsonObject o => o.Select(p => p.Key).Where(k => !root || k is not ("apiVersion" or "kind")).Cast<object>().ToList(),
        JsonArray a => Enumerable.Range(0, a.Count).Cast<object>().ToList(),
        _ => [],
    };

    private static JsonNode? Resolve(JsonNode root, List<object> path)
    {
        JsonNode? node = root;
        foreach (var step in path)
        {
            node = (node, step) switch
            {
                (JsonObject o, string key) => o[key],
                (JsonArray a, int i) => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static void Remove(JsonNode parent, object child)
    {
        switch (parent, child)
        {
            case (JsonObject o, string key):
                o.Remove(key);
                break;
            case (JsonArray a, int i):
                a.RemoveAt(i);
                break;
        }
    }

    private static string Format(List<object> path)
    {
        var sb = new StringBuilder();
        foreach (var step in path)
        {
            switch (step)
            {
                case int i:
                    sb.Append('[').Append(i).Append(']');
                    break;
                case string key when key.Contains('.') || key.Contains('/'):
                    sb.Append("[\"").Append(key).Append("\"]");
                    break;
                case string key:
                    if (sb.Length > 0)
                    {
                        sb.Append('.');
                    }

                    sb.Append(key);
                    break;
            }
        }

        return sb.ToString();
    }
}

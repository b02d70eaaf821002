using AdmissionGuard.Cli.Output;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Cli.Checking;

/// <summary>One document of a source and the chart template it names (<c># Source:</c>), if any.</summary>
internal readonly record struct InputDocument(ManifestDocument Document, string? Template);

/// <summary>
/// Reads every source before anything is judged, so that a workload is judged knowing the
/// ConfigMaps and Secrets of the whole input: which are immutable (rolled by their name) and which
/// chart template renders each (so the checksum snippet can name it).
/// </summary>
internal static class InputDocuments
{
    public static IReadOnlyList<InputDocument> Read(ManifestSource source)
    {
        var templates = new TemplateNames(source.Text);
        var previousLine = 0;
        var read = new List<InputDocument>();
        foreach (var doc in ManifestReader.Read(source.Text, source.Name))
        {
            string? template = null;
            if (!doc.IsError && doc.Content is not null)
            {
                if (doc.Content is JsonObject obj)
                {
                    template = templates.For(obj, doc.Line, previousLine);
                }

                previousLine = doc.Line;
            }

            read.Add(new InputDocument(doc, template));
        }

        return read;
    }

    public static ManifestInput Index(IEnumerable<InputDocument> documents)
    {
        var input = new ManifestInput();
        foreach (var (doc, template) in documents)
        {
            if (doc.Content is not JsonObject obj || ManifestChecker.KindOf(obj) is not (_, var kind))
            {
                continue;
            }

            if (ManifestChecker.ListItems(obj, kind) is { } items)
            {
                foreach (var item in items)
                {
                    if (item is JsonObject itemObject && ManifestChecker.KindOf(itemObject) is (_, var itemKind))
                    {
                        Add(input, itemObject, itemKind, template);
                    }
                }
            }
            else
            {
                Add(input, obj, kind, template);
            }
        }

        return input;
    }

    private static void Add(ManifestInput input, JsonObject obj, string kind, string? template)
    {
        if (kind is not ("ConfigMap" or "Secret") || ManifestChecker.MetadataString(obj, "name") is not { Length: > 0 } name)
        {
            return;
        }

        var immutable = obj["immutable"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        input.Add(kind, ManifestChecker.MetadataString(obj, "namespace"), name, immutable, template);
    }
}

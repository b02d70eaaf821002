using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Cli.Fixing;

/// <summary>Writes the mutated documents: as one stream (<c>--fix</c>, post-render) or back into their files (<c>--in-place</c>).</summary>
internal static class FixWriter
{
    /// <summary>
    /// Every document of every source, in their original order, as one YAML stream. With
    /// <paramref name="objectsOnly"/> (<c>check --fix</c>, whose stream goes to <c>kubectl apply</c>),
    /// documents that are not Kubernetes objects are left out; post-render hands Helm back all it gave.
    /// </summary>
    public static void WriteStream(CheckReport report, TextWriter output, bool objectsOnly) =>
        YamlManifestWriter.Write(output, report.Documents.Where(d => d.IsObject || !objectsOnly).Select(d => (JsonNode?)d.Content));

    /// <summary>
    /// Rewrites each file where a mutation changed something; files that need no change stay
    /// untouched, byte for byte, and so do files with errors. JSON files stay JSON. Returns the
    /// names of the rewritten files.
    /// </summary>
    public static IReadOnlyList<string> RewriteFiles(CheckReport report)
    {
        var broken = report.Errors.Select(e => e.File).ToHashSet(StringComparer.Ordinal);
        var rewritten = new List<string>();
        foreach (var group in report.Documents.GroupBy(d => d.Source))
        {
            var source = group.Key;
            // A render (a tree's kustomization) has no file of its own to write back.
            if (source.IsStdin || source.Rendered is not null || broken.Contains(source.Name) || !group.Any(d => d.Changed))
            {
                continue;
            }

            var temp = source.FullPath + ".admission-guard.tmp";
            using (var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
            {
                if (IsJson(source))
                {
                    WriteJson(writer, group.Select(d => d.Content));
                }
                else
                {
                    YamlManifestWriter.Write(writer, group.Select(d => (JsonNode?)d.Content));
                }
            }

            File.Move(temp, source.FullPath!, overwrite: true);
            rewritten.Add(source.Name);
        }

        return rewritten;
    }

    /// <summary>The renders whose objects a mutation changed: <c>--in-place</c> cannot write them back.</summary>
    public static IEnumerable<ManifestSource> ChangedRenders(CheckReport report) =>
        report.Documents.Where(d => d.Changed && d.Source.Rendered is not null).Select(d => d.Source).Distinct();

    private static bool IsJson(ManifestSource source) =>
        source.FullPath!.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static void WriteJson(TextWriter writer, IEnumerable<JsonNode> documents)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var doc in documents)
        {
            writer.WriteLine(doc.ToJsonString(options));
        }
    }
}

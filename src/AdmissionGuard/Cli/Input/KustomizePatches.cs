using AdmissionGuard.Cli.Rendering;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Cli.Input;

/// <summary>
/// The patch files that kustomizations name (<c>patches[].path</c>, <c>patchesStrategicMerge[]</c>,
/// <c>patchesJson6902[].path</c>). A strategic-merge patch looks like an object (apiVersion, kind,
/// a name) but holds only the fields it changes: judged, it gives findings on an object that does
/// not exist, and written by <c>--fix</c> it makes <c>kubectl apply</c> fail. Such files are
/// skipped with the kustomization to render instead.
/// </summary>
internal static class KustomizePatches
{
    /// <summary>Full path of each patch file named by a kustomization under <paramref name="directory"/>, with that kustomization's directory as shown.</summary>
    public static Dictionary<string, string> Under(string directory, EnumerationOptions options, Func<string, string> shown)
    {
        var patches = new Dictionary<string, string>(StringComparer.Ordinal);
        var kustomizations = Directory.EnumerateFiles(directory, "*", options)
            .Where(f => KustomizeRenderer.KustomizationFiles.Contains(Path.GetFileName(f), StringComparer.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var kustomization in kustomizations)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(kustomization))!;
            foreach (var patch in PatchPaths(kustomization))
            {
                patches.TryAdd(Path.GetFullPath(Path.Combine(dir, patch)), shown(Path.GetDirectoryName(kustomization)!));
            }
        }

        return patches;
    }

    public static string Reason(string kustomizationDirectory) =>
        $"a kustomize patch (named by {kustomizationDirectory}'s kustomization), not a whole object: render it with admission-guard check --kustomize {kustomizationDirectory}";

    private static IEnumerable<string> PatchPaths(string kustomization)
    {
        string text;
        try
        {
            text = File.ReadAllText(kustomization);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var doc in ManifestReader.Read(text, kustomization))
        {
            if (doc.Content is not JsonObject k)
            {
                continue;
            }

            foreach (var entry in Items(k["patchesStrategicMerge"]))
            {
                // An entry is a file name or an inline patch; an inline one spans lines.
                if (entry is JsonValue v && v.TryGetValue<string>(out var file) && !file.Contains('\n'))
                {
                    yield return file;
                }
            }

            foreach (var entry in Items(k["patches"]).Concat(Items(k["patchesJson6902"])))
            {
                if (entry is JsonObject p && p["path"] is JsonValue v && v.TryGetValue<string>(out var file))
                {
                    yield return file;
                }
            }
        }
    }

    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node is JsonArray a ? a : [];
}

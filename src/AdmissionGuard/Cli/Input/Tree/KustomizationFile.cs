using AdmissionGuard.Cli.Rendering;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Cli.Input.Tree;

/// <summary>
/// What a kustomization file names, read (not rendered) to lay out a repository tree: the
/// resources, components and bases it builds on (local directories, local files or remote
/// targets), and the other files it reads (patches, generator sources, transformer and
/// replacement configurations), which are not manifests of their own.
/// </summary>
/// <param name="Directory">The kustomization's directory, absolute.</param>
/// <param name="File">The kustomization file, absolute.</param>
/// <param name="Entries">Every entry of <c>resources</c>, <c>components</c> and <c>bases</c>, as written.</param>
/// <param name="OtherFiles">The other files it names, as written (relative to <paramref name="Directory"/>).</param>
/// <param name="IsComponent">True for a <c>kind: Component</c>, which only a kustomization's <c>components</c> can build.</param>
internal sealed record KustomizationFile(string Directory, string File, IReadOnlyList<string> Entries, IReadOnlyList<string> OtherFiles, bool IsComponent = false)
{
    /// <summary>Fields whose entries are files kustomize reads as configuration, not as resources.</summary>
    private static readonly string[] ConfigurationLists = ["transformers", "generators", "validators", "configurations", "crds"];

    /// <summary>The kustomization file of <paramref name="directory"/> (kustomize's own order of names); null when it has none.</summary>
    public static string? FileIn(string directory) =>
        KustomizeRenderer.KustomizationFiles.Select(f => Path.Combine(directory, f)).FirstOrDefault(System.IO.File.Exists);

    /// <summary>Reads the kustomization of <paramref name="directory"/>; null when it has none. An unreadable file names nothing.</summary>
    public static KustomizationFile? Read(string directory)
    {
        if (FileIn(directory) is not { } file)
        {
            return null;
        }

        var entries = new List<string>();
        var others = new List<string>();
        string text;
        try
        {
            text = System.IO.File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new KustomizationFile(directory, file, entries, others);
        }

        var component = false;
        foreach (var doc in ManifestReader.Read(text, file))
        {
            if (doc.Content is JsonObject k)
            {
                Collect(k, entries, others);
                component |= k["kind"] is JsonValue kind && kind.TryGetValue<string>(out var name) && name == "Component";
            }
        }

        return new KustomizationFile(directory, file, entries, others, component);
    }

    /// <summary>
    /// True when kustomize would fetch <paramref name="entry"/> rather than read it from disk: a
    /// URL, a git or GitHub shorthand (kustomize's own list of remote prefixes), or a host-named
    /// path (<c>gitlab.com/org/repo//dir?ref=v1</c>) that is not a local path.
    /// </summary>
    public bool IsRemote(string entry)
    {
        string[] prefixes = ["git::", "gh:", "ssh://", "https://", "http://", "git@", "github.com:", "github.com/"];
        if (prefixes.Any(p => entry.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || entry.Contains("://", StringComparison.Ordinal))
        {
            return true;
        }

        var local = Path.Combine(Directory, entry);
        if (System.IO.File.Exists(local) || System.IO.Directory.Exists(local))
        {
            return false;
        }

        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && entry[..slash].Contains('.', StringComparison.Ordinal) && !entry.StartsWith('.');
    }

    /// <summary>A local entry as an absolute path; null for a remote one.</summary>
    public string? Local(string entry) => IsRemote(entry) ? null : Path.GetFullPath(Path.Combine(Directory, entry));

    private static void Collect(JsonObject k, List<string> entries, List<string> others)
    {
        foreach (var field in new[] { "resources", "components", "bases" })
        {
            entries.AddRange(Strings(k[field]));
        }

        // An inline strategic-merge patch spans lines; a file name does not.
        others.AddRange(Strings(k["patchesStrategicMerge"]).Where(p => !p.Contains('\n', StringComparison.Ordinal)));
        foreach (var field in new[] { "patches", "patchesJson6902", "replacements" })
        {
            others.AddRange(Items(k[field]).OfType<JsonObject>().SelectMany(p => Strings(p["path"])));
        }

        foreach (var field in ConfigurationLists)
        {
            others.AddRange(Strings(k[field]));
        }

        foreach (var generator in Items(k["configMapGenerator"]).Concat(Items(k["secretGenerator"])).OfType<JsonObject>())
        {
            // files: [key=path] or [path]; envs: [path]; env: path (deprecated).
            others.AddRange(Strings(generator["files"]).Select(f => f.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? f[(eq + 1)..] : f));
            others.AddRange(Strings(generator["envs"]));
            others.AddRange(Strings(generator["env"]));
        }

        foreach (var chart in Items(k["helmCharts"]).OfType<JsonObject>())
        {
            others.AddRange(Strings(chart["valuesFile"]));
            others.AddRange(Strings(chart["additionalValuesFiles"]));
        }
    }

    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node is JsonArray a ? a : [];

    /// <summary>The strings of a list, or the string itself.</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().Where(s => s.Length > 0),
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => [s],
        _ => [],
    };
}

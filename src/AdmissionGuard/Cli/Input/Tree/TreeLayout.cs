namespace AdmissionGuard.Cli.Input.Tree;

/// <summary>
/// A repository tree as its tools see it. A folder with a kustomization file is a kustomize root,
/// judged as kustomize renders it, unless another kustomization of the tree builds on it (a
/// base or component), when it is judged only through the roots that use it. The files a
/// kustomization reads (resources, patches, generator sources) and the other files under a
/// kustomization's folder are not manifests on their own; every other manifest file is read as
/// it is, as Flux reads a path without a kustomization file and Argo CD a plain directory.
/// </summary>
internal sealed class TreeLayout
{
    private readonly Dictionary<string, KustomizationFile> kustomizations = new(StringComparer.Ordinal);
    private readonly HashSet<string> referencedFiles = new(StringComparer.Ordinal);

    private TreeLayout()
    {
    }

    /// <summary>The kustomize roots, absolute, in name order.</summary>
    public IReadOnlyList<string> Roots { get; private set; } = [];

    /// <summary>Each kustomization another one builds on, with the roots that use it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Bases { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    public static bool IsManifestFile(string file) =>
        file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <param name="directory">The folder checked.</param>
    /// <param name="options">How to walk it (hidden entries skipped).</param>
    /// <param name="excluded">Folders not to look into (charts' sources), absolute with a trailing separator.</param>
    public static TreeLayout Of(string directory, EnumerationOptions options, IReadOnlyList<string> excluded)
    {
        var layout = new TreeLayout();
        var files = Directory.EnumerateFiles(directory, "*", options)
            .Where(f => KustomizationNames.Contains(Path.GetFileName(f)))
            .Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!)
            .Where(d => !excluded.Any(c => (d + Path.DirectorySeparatorChar).StartsWith(c, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var dir in files)
        {
            if (KustomizationFile.Read(dir) is { } k)
            {
                layout.kustomizations[dir] = k;
            }
        }

        layout.Link();
        return layout;
    }

    /// <summary>
    /// True when <paramref name="file"/> (absolute) is judged through a render rather than read:
    /// a kustomization names it, or it lies under a kustomization's folder with no Flux or Argo CD
    /// path between (<paramref name="isAppliedPath"/>), which would read it as a plain manifest.
    /// </summary>
    public bool IsRendered(string file, Func<string, bool> isAppliedPath)
    {
        if (referencedFiles.Contains(file))
        {
            return true;
        }

        for (var dir = Path.GetDirectoryName(file); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (kustomizations.ContainsKey(dir))
            {
                return true;
            }

            if (isAppliedPath(dir))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The first remote target that <paramref name="root"/> builds on, directly or through its local bases; null when it has none.</summary>
    public string? RemoteTarget(string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([root]);
        while (queue.TryDequeue(out var dir))
        {
            if (!seen.Add(dir) || !kustomizations.TryGetValue(dir, out var k))
            {
                continue;
            }

            foreach (var entry in k.Entries)
            {
                if (k.Local(entry) is not { } local)
                {
                    return entry;
                }

                if (Directory.Exists(local))
                {
                    queue.Enqueue(Path.TrimEndingDirectorySeparator(local));
                }
            }
        }

        return null;
    }

    private static readonly HashSet<string> KustomizationNames = new(Rendering.KustomizeRenderer.KustomizationFiles, StringComparer.Ordinal);

    /// <summary>Which kustomizations build on which, and the files they read.</summary>
    private void Link()
    {
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (dir, k) in kustomizations)
        {
            foreach (var local in k.Entries.Select(k.Local).OfType<string>())
            {
                var target = Path.TrimEndingDirectorySeparator(local);
                if (Directory.Exists(target))
                {
                    if (target != dir)
                    {
                        (users.TryGetValue(target, out var list) ? list : users[target] = []).Add(dir);
                    }
                }
                else
                {
                    referencedFiles.Add(target);
                }
            }

            foreach (var other in k.OtherFiles.Where(f => !k.IsRemote(f)))
            {
                referencedFiles.Add(Path.GetFullPath(Path.Combine(dir, other)));
            }
        }

        // A Component cannot be built on its own: only the kustomizations that use it render it.
        Roots = [.. kustomizations.Where(k => !users.ContainsKey(k.Key) && !k.Value.IsComponent).Select(k => k.Key).Order(StringComparer.Ordinal)];
        var roots = Roots.ToHashSet(StringComparer.Ordinal);
        Bases = kustomizations.Keys.Where(d => !roots.Contains(d)).ToDictionary(
            d => d,
            d => (IReadOnlyList<string>)[.. RootsUsing(d, users, roots)],
            StringComparer.Ordinal);
    }

    private static IEnumerable<string> RootsUsing(string dir, Dictionary<string, List<string>> users, HashSet<string> roots)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([dir]);
        while (queue.TryDequeue(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            if (roots.Contains(current))
            {
                found.Add(current);
            }

            foreach (var user in users.GetValueOrDefault(current) ?? [])
            {
                queue.Enqueue(user);
            }
        }

        return found;
    }
}

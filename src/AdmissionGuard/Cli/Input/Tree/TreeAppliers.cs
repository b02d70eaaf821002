using System.IO.Enumeration;
using System.Text.RegularExpressions;
using AdmissionGuard.Cli.Checking;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Cli.Input.Tree;

/// <summary>
/// Which tool applies each folder of a repository, read from the repository itself: a Flux
/// <c>Kustomization</c> (<c>kustomize.toolkit.fluxcd.io</c>) applies its <c>spec.path</c> and
/// everything under it (kustomize-controller reads the folder recursively when it has no
/// kustomization file); an Argo CD <c>Application</c> applies each source's <c>path</c> (its
/// subfolders only with <c>directory.recurse: true</c>), an <c>ApplicationSet</c> its template's
/// literal source path and the folders its git directory generators select. Paths are relative to
/// the repository root: the git root above the folder checked, or the folder itself outside git.
/// An object inside the folder checked may also name a path relative to a folder between it and
/// the folder checked (a repository's copy, or one of several repositories kept side by side):
/// the nearest such folder where the path exists counts too.
/// </summary>
internal sealed class TreeAppliers
{
    private const string FluxGroup = "kustomize.toolkit.fluxcd.io/";
    private const string ArgoGroup = "argoproj.io/";

    private readonly string root;
    private readonly string checkedFolder;
    private readonly Dictionary<string, PathApplier> paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> directories = new(StringComparer.Ordinal);

    private TreeAppliers(string root, string checkedFolder)
    {
        this.root = root;
        this.checkedFolder = checkedFolder;
    }

    /// <summary>The repository root that Flux and Argo CD paths are read against.</summary>
    public string Root => root;

    /// <summary>Reads every Flux and Argo CD object of the repository that holds <paramref name="directory"/>.</summary>
    public static TreeAppliers Scan(string directory, EnumerationOptions options)
    {
        var appliers = new TreeAppliers(RepositoryRoot(directory), Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        var files = new FileSystemEnumerable<string>(appliers.root, (ref FileSystemEntry e) => e.ToFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory,
            // A JavaScript project's dependencies hold thousands of JSON files and no repository's objects.
            ShouldRecursePredicate = (ref FileSystemEntry e) => !e.FileName.SequenceEqual("node_modules"),
        };
        foreach (var file in files.Where(TreeLayout.IsManifestFile).Order(StringComparer.Ordinal))
        {
            appliers.Read(file);
        }

        return appliers;
    }

    /// <summary>The applier of <paramref name="directory"/> (absolute), and the file that says so; null when no object of the repository names it.</summary>
    public PathApplier? For(string directory)
    {
        var exact = true;
        for (var dir = Path.TrimEndingDirectorySeparator(directory); dir.Length >= root.Length; dir = Path.GetDirectoryName(dir) ?? string.Empty)
        {
            if (paths.TryGetValue(dir, out var found) && (exact || found.Recursive))
            {
                return found;
            }

            exact = false;
            if (dir == root)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>True when an object of the repository names <paramref name="directory"/> (absolute) itself.</summary>
    public bool Names(string directory) => paths.ContainsKey(Path.TrimEndingDirectorySeparator(directory));

    /// <summary>The git root at or above <paramref name="directory"/> (a <c>.git</c> folder, or file in a worktree), else the directory.</summary>
    public static string RepositoryRoot(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        for (var dir = new DirectoryInfo(full); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return Path.TrimEndingDirectorySeparator(dir.FullName);
            }
        }

        return full;
    }

    private void Read(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        // Most files of a repository name neither tool: not parsed at all.
        if (!text.Contains(FluxGroup, StringComparison.Ordinal) && !text.Contains(ArgoGroup, StringComparison.Ordinal))
        {
            return;
        }

        var shown = Path.GetRelativePath(root, file).Replace('\\', '/');
        var bases = Bases(Path.GetDirectoryName(file)!);
        foreach (var doc in ManifestReader.Read(text, file))
        {
            if (doc.Content is JsonObject obj && obj["spec"] is JsonObject spec && ManifestChecker.KindOf(obj) is (var apiVersion, var kind))
            {
                var origin = $"{kind} {ManifestChecker.MetadataString(obj, "name")} ({shown})";
                Read(apiVersion, kind, spec, origin, root);
                foreach (var pathBase in bases.Skip(1))
                {
                    if (Read(apiVersion, kind, spec, origin, pathBase))
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>The repository root, and the folders from <paramref name="folder"/> up to the folder checked, nearest first.</summary>
    private List<string> Bases(string folder)
    {
        List<string> bases = [root];
        if (checkedFolder == root || !(folder + Path.DirectorySeparatorChar).StartsWith(checkedFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return bases;
        }

        for (var dir = folder; dir.Length >= checkedFolder.Length; dir = Path.GetDirectoryName(dir)!)
        {
            bases.Add(dir);
            if (dir == checkedFolder)
            {
                break;
            }
        }

        return bases;
    }

    /// <summary>Records the paths one object names; true when it named one that exists against <paramref name="pathBase"/>.</summary>
    private bool Read(string apiVersion, string kind, JsonObject spec, string origin, string pathBase)
    {
        if (apiVersion.StartsWith(FluxGroup, StringComparison.Ordinal) && kind == "Kustomization")
        {
            // spec.path defaults to the source's root.
            return Add(pathBase, Text(spec["path"]) ?? ".", new PathApplier(Applier.FluxKustomize, Recursive: true, origin));
        }

        if (!apiVersion.StartsWith(ArgoGroup, StringComparison.Ordinal))
        {
            return false;
        }

        if (kind == "Application")
        {
            return AddSources(spec, origin, pathBase);
        }

        if (kind != "ApplicationSet" || spec["template"]?["spec"] is not JsonObject template)
        {
            return false;
        }

        var added = AddSources(template, origin, pathBase);
        if (Sources(template).Any(s => Text(s["path"]) is { } path && IsTemplated(path)))
        {
            var globs = GitDirectories(spec["generators"]).ToList();
            var excluded = globs.Where(g => g.Exclude).SelectMany(g => Matching(pathBase, g.Glob)).ToHashSet(StringComparer.Ordinal);
            foreach (var dir in globs.Where(g => !g.Exclude).SelectMany(g => Matching(pathBase, g.Glob)).Where(d => !excluded.Contains(d)))
            {
                added |= Add(pathBase, dir, new PathApplier(Applier.ArgoCD, Recursive: false, origin));
            }
        }

        return added;
    }

    private bool AddSources(JsonObject spec, string origin, string pathBase)
    {
        var added = false;
        foreach (var source in Sources(spec))
        {
            if (Text(source["path"]) is { } path && !IsTemplated(path))
            {
                var recursive = source["directory"]?["recurse"] is JsonValue r && r.TryGetValue<bool>(out var b) && b;
                added |= Add(pathBase, path, new PathApplier(Applier.ArgoCD, recursive, origin));
            }
        }

        return added;
    }

    private static IEnumerable<JsonObject> Sources(JsonObject spec) =>
        (spec["source"] is JsonObject single ? [single] : Array.Empty<JsonObject>())
            .Concat(spec["sources"] is JsonArray many ? many.OfType<JsonObject>() : []);

    /// <summary>The git directory generators' paths, at any depth (matrix and merge generators nest them), and whether each excludes.</summary>
    private static IEnumerable<(string Glob, bool Exclude)> GitDirectories(JsonNode? generators)
    {
        switch (generators)
        {
            case JsonArray list:
                foreach (var found in list.SelectMany(GitDirectories))
                {
                    yield return found;
                }

                break;
            case JsonObject obj:
                if (obj["git"]?["directories"] is JsonArray gitDirectories)
                {
                    foreach (var entry in gitDirectories.OfType<JsonObject>())
                    {
                        if (Text(entry["path"]) is { } path)
                        {
                            yield return (path, entry["exclude"] is JsonValue x && x.TryGetValue<bool>(out var e) && e);
                        }
                    }
                }

                foreach (var nested in obj.Where(p => p.Key != "git").Select(p => p.Value))
                {
                    foreach (var found in GitDirectories(nested))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    /// <summary>The repository's folders (relative, '/'-separated) that a git generator's glob selects: <c>*</c> within a name, <c>**</c> across names.</summary>
    private IEnumerable<string> Matching(string pathBase, string glob)
    {
        if (!directories.TryGetValue(pathBase, out var under))
        {
            directories[pathBase] = under = [.. Directory.EnumerateDirectories(pathBase, "*", new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = true,
            MaxRecursionDepth = 64,
            }).Select(d => Path.GetRelativePath(pathBase, d).Replace('\\', '/'))];
        }

        var pattern = "^" + Regex.Escape(Normalize(glob)).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$";
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        return under.Where(d => regex.IsMatch(d));
    }

    /// <summary>Records <paramref name="path"/> read against <paramref name="pathBase"/>: always against the repository root, against a folder inside it only where the path exists.</summary>
    private bool Add(string pathBase, string path, PathApplier applier)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(pathBase, Normalize(path))));
        if (pathBase != root && !Directory.Exists(full))
        {
            return false;
        }

        paths.TryAdd(full, applier);
        return true;
    }

    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/').Trim();
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p.TrimStart('/').TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : ".";
    }

    private static bool IsTemplated(string path) => path.Contains("{{", StringComparison.Ordinal) || path.Contains("${", StringComparison.Ordinal);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}

/// <summary>The tool that applies a folder, whether it reads the folder's subfolders too, and the object that says so.</summary>
internal sealed record PathApplier(Applier Applier, bool Recursive, string Origin);

using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Cluster.Tests.Native;

/// <summary>One object sent to the API server in both runs, with the field manager its request carries.</summary>
public sealed record AgreementCase(string Source, JsonObject Object, string FieldManager)
{
    public string Kind => (string)Object["kind"]!;

    /// <summary>The field managers corpus objects are sent with, in turn: every applier keep-stateful tells apart.</summary>
    private static readonly string[] FieldManagers = ["helm", "argocd-controller", "kustomize-controller", "helm-controller", "kubectl-client-side-apply", string.Empty];

    /// <summary>
    /// The policy fixtures a real API server can replay: default settings and parameters, the webhook's
    /// origin, a CREATE with at most a field manager and a namespace (the user of a request cannot be chosen here).
    /// </summary>
    public static IEnumerable<AgreementCase> Fixtures(IReadOnlySet<string> kinds)
    {
        var root = Path.Combine(Repository.Root, "tests", "AdmissionGuard.Core.Tests", "Fixtures");
        foreach (var file in Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var document = ManifestReader.Read(File.ReadAllText(file), file).FirstOrDefault()?.Content as JsonObject;
            if (document?["object"] is not JsonObject obj || document["settings"] is not null || document["parameters"] is not null
                || document["services"] is not null || document["origin"] is not null || !kinds.Contains((string?)obj["kind"] ?? string.Empty))
            {
                continue;
            }

            var request = document["request"] as JsonObject ?? [];
            if (request.Any(p => p.Key is not ("fieldManager" or "namespace" or "dryRun" or "operation")) || ((string?)request["operation"] ?? "CREATE") != "CREATE")
            {
                continue;
            }

            var prepared = Prepare(obj, (string?)request["namespace"]);
            yield return new AgreementCase(Path.GetRelativePath(root, file), prepared, (string?)request["fieldManager"] ?? string.Empty);
        }
    }

    /// <summary>The objects of the targeted kinds in both corpora; every <paramref name="every"/>-th of each corpus (1: all).</summary>
    public static IEnumerable<AgreementCase> Corpus(IReadOnlySet<string> kinds, int every)
    {
        var index = 0;
        foreach (var corpus in new[] { Corpus("corpus"), Corpus("corpus-gitops") })
        {
            var n = 0;
            foreach (var file in Directory.EnumerateFiles(corpus, "*.yaml").Order(StringComparer.Ordinal))
            {
                foreach (var document in ManifestReader.Read(File.ReadAllText(file), file))
                {
                    if (document.Content is not JsonObject obj || !kinds.Contains((string?)obj["kind"] ?? string.Empty) || obj["metadata"]?["name"] is null
                        || n++ % every != 0)
                    {
                        continue;
                    }

                    yield return new AgreementCase($"{Path.GetFileName(file)}#{document.Index}", Prepare(obj, null), FieldManagers[index++ % FieldManagers.Length]);
                }
            }
        }
    }

    /// <summary>The <paramref name="perKind"/> largest objects (JSON) of each targeted kind in both corpora: the cost check's worst cases.</summary>
    public static IEnumerable<AgreementCase> Largest(IReadOnlySet<string> kinds, int perKind) =>
        Corpus(kinds, every: 1)
            .GroupBy(c => c.Kind)
            .SelectMany(g => g.OrderByDescending(c => c.Object.ToJsonString().Length).Take(perKind))
            .Select(c => c with { Source = c.Source + " (largest)" });

    private static string Corpus(string name) => Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", name));

    /// <summary>A copy fit to create: no server-set metadata, no status, a namespace for namespaced kinds.</summary>
    private static JsonObject Prepare(JsonObject source, string? ns)
    {
        var obj = (JsonObject)source.DeepClone();
        obj.Remove("status");
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        foreach (var field in new[] { "resourceVersion", "uid", "creationTimestamp", "managedFields", "generation", "selfLink" })
        {
            metadata.Remove(field);
        }

        if ((string?)obj["kind"] != "CustomResourceDefinition")
        {
            metadata["namespace"] = ns ?? (string?)metadata["namespace"] ?? "default";
        }

        return obj;
    }
}

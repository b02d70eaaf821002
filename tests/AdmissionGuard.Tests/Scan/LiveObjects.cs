using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Tests.Scan;

/// <summary>
/// Turns manifests into objects as a cluster stores them: a namespace (the file's name when the
/// manifest has none, as <c>helm install -n</c> or <c>kubectl apply -n</c> would give),
/// <c>stringData</c> folded into <c>data</c>, and <c>metadata.managedFields</c> as the tool that
/// applied them leaves it: helm (Helm 3, an Update), argocd-controller and kustomize-controller
/// (server-side apply), kubectl (client-side apply, an Update), plus the status entries the
/// controllers write.
/// </summary>
internal static class LiveObjects
{
    /// <summary>Files applied with <c>kubectl apply -f</c> (release manifests), not installed as charts.</summary>
    private static readonly HashSet<string> KubectlApplied = new(StringComparer.Ordinal)
    {
        "argo-cd-install.yaml", "cert-manager-static.yaml", "ingress-nginx-static-cloud.yaml", "kube-prometheus-manifests.yaml",
    };

    /// <summary>A corpus object as stored, and where it came from.</summary>
    public sealed record Loaded(JsonObject Object, string File, int Document, string Kind, string? FileNamespace, string Name, string Manager);

    /// <summary>Every object of the files of the kinds the stand-in serves; of two with the same kind, namespace and name, the first.</summary>
    public static IReadOnlyList<Loaded> FromFiles(IEnumerable<string> files, StandInApiServer server)
    {
        var loaded = new List<Loaded>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            foreach (var doc in ManifestReader.Read(File.ReadAllText(file), file))
            {
                if (doc.Content is not JsonObject obj || obj["kind"]?.GetValue<string>() is not { } kind || obj["apiVersion"]?.GetValue<string>() is not { } apiVersion)
                {
                    continue;
                }

                if (server.Namespaced(apiVersion, kind) is not { } namespaced)
                {
                    continue;
                }

                var meta = (JsonObject)(obj["metadata"] ??= new JsonObject());
                var fileNamespace = meta["namespace"]?.GetValue<string>();
                if (namespaced)
                {
                    meta["namespace"] = fileNamespace ?? Path.GetFileNameWithoutExtension(name);
                }
                else
                {
                    meta.Remove("namespace");
                }

                var objectName = meta["name"]?.GetValue<string>() ?? string.Empty;
                if (objectName.Length == 0 || !taken.Add($"{apiVersion}/{kind}/{meta["namespace"]}/{objectName}"))
                {
                    continue;
                }

                var manager = ManagerFor(obj, name);
                Prepare(obj, manager);
                server.Add(obj);
                loaded.Add(new Loaded(obj, name, doc.Index + 1, kind, fileNamespace, objectName, manager));
            }
        }

        return loaded;
    }

    /// <summary>Who would have applied it: the marks each tool leaves say so, else how the file is installed.</summary>
    public static string ManagerFor(JsonObject obj, string file)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        var annotations = obj["metadata"]?["annotations"] as JsonObject;
        if (annotations?.ContainsKey("argocd.argoproj.io/tracking-id") == true || file == "argo-cd-e2e-hook-fixtures.yaml")
        {
            return "argocd-controller";
        }

        if (labels?.ContainsKey("kustomize.toolkit.fluxcd.io/name") == true)
        {
            return "kustomize-controller";
        }

        if (labels?.ContainsKey("helm.toolkit.fluxcd.io/name") == true)
        {
            return "helm-controller";
        }

        return KubectlApplied.Contains(file) ? "kubectl-client-side-apply" : "helm";
    }

    /// <summary>Makes a manifest look stored: stringData folded into data, managedFields of the applier and, for workloads, the controller's status entry.</summary>
    public static JsonObject Prepare(JsonObject obj, string manager, string? controller = null)
    {
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = (JsonObject)(obj["data"] ??= new JsonObject());
            foreach (var (key, value) in stringData.ToArray())
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? string.Empty));
            }

            obj.Remove("stringData");
        }

        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var entries = new JsonArray(Entry(manager, manager is "argocd-controller" or "kustomize-controller" or "kubectl" ? "Apply" : "Update", apiVersion, null, obj));
        if (controller is not null)
        {
            entries.Insert(0, Entry(controller, "Update", apiVersion, null, obj));
        }

        if (obj["kind"]?.GetValue<string>() is "Deployment" or "StatefulSet" or "DaemonSet" or "Job" or "PersistentVolumeClaim")
        {
            entries.Add(Entry(obj["kind"]!.GetValue<string>() == "PersistentVolumeClaim" ? "kube-controller-manager" : "kube-controller-manager", "Update", apiVersion, "status", null));
        }

        ((JsonObject)obj["metadata"]!)["managedFields"] = entries;
        return obj;
    }

    private static JsonObject Entry(string manager, string operation, string apiVersion, string? subresource, JsonObject? obj)
    {
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = operation,
            ["apiVersion"] = apiVersion,
            ["time"] = "2026-01-05T10:00:00Z",
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = subresource is null ? Fields(obj!) : new JsonObject { ["f:status"] = new JsonObject { ["."] = new JsonObject() } },
        };
        if (subresource is not null)
        {
            entry["subresource"] = subresource;
        }

        return entry;
    }

    /// <summary>The FieldsV1 set of the object's top-level fields and metadata labels and annotations (enough to be real; nothing reads further).</summary>
    private static JsonObject Fields(JsonObject obj)
    {
        var fields = new JsonObject();
        foreach (var (key, _) in obj)
        {
            if (key is "apiVersion" or "kind" or "status")
            {
                continue;
            }

            if (key == "metadata")
            {
                var meta = new JsonObject();
                foreach (var part in new[] { "labels", "annotations" })
                {
                    if (obj["metadata"]?[part] is JsonObject map)
                    {
                        var set = new JsonObject { ["."] = new JsonObject() };
                        foreach (var (k, _) in map)
                        {
                            set["f:" + k] = new JsonObject();
                        }

                        meta["f:" + part] = set;
                    }
                }

                fields["f:metadata"] = meta;
            }
            else
            {
                fields["f:" + key] = new JsonObject();
            }
        }

        return fields;
    }
}

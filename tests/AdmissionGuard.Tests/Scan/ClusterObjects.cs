using System.Text;
using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Scan;

/// <summary>Small live objects for the scan tests, each with the managedFields of the tool named.</summary>
internal static class ClusterObjects
{
    public static JsonObject Secret(string ns, string name, string value, string manager, JsonObject? labels = null) => LiveObjects.Prepare(
        new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels ?? new JsonObject() },
            ["type"] = "Opaque",
            ["data"] = new JsonObject { ["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) },
        },
        manager);

    public static JsonObject ConfigMap(string ns, string name, string manager = "helm") => LiveObjects.Prepare(
        new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = new JsonObject { ["greeting"] = "hello" },
        },
        manager);

    /// <summary>A Deployment that reads a ConfigMap without a checksum annotation (config-checksum denies it) and carries a literal credential.</summary>
    public static JsonObject Deployment(string ns, string name, string manager, string? password = null)
    {
        var container = new JsonObject
        {
            ["name"] = "app",
            ["image"] = "registry.example/app:1.0",
            ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/app" }),
        };
        if (password is not null)
        {
            container["env"] = new JsonArray(new JsonObject { ["name"] = "DB_PASSWORD", ["value"] = password });
        }

        return LiveObjects.Prepare(
            new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["spec"] = new JsonObject
                {
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                    ["template"] = new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                        ["spec"] = new JsonObject
                        {
                            ["containers"] = new JsonArray(container),
                            ["volumes"] = new JsonArray(new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = name + "-config" } }),
                        },
                    },
                },
            },
            manager);
    }

    public static JsonObject Claim(string ns, string name, string manager, JsonObject? owner = null)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (owner is not null)
        {
            meta["ownerReferences"] = new JsonArray(owner);
        }

        return LiveObjects.Prepare(
            new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PersistentVolumeClaim",
                ["metadata"] = meta,
                ["spec"] = new JsonObject
                {
                    ["accessModes"] = new JsonArray("ReadWriteOnce"),
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "1Gi" } },
                },
            },
            manager);
    }

    /// <summary>A Pod made by a ReplicaSet (its controller owner): judged at the Deployment, not again.</summary>
    public static JsonObject PodOfReplicaSet(string ns, string name, string password) => LiveObjects.Prepare(
        new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = name[..name.LastIndexOf('-')], ["uid"] = Guid.NewGuid().ToString(),
                    ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app", ["image"] = "registry.example/app:1.0",
                    ["env"] = new JsonArray(new JsonObject { ["name"] = "DB_PASSWORD", ["value"] = password }),
                }),
            },
        },
        "kube-controller-manager");
}

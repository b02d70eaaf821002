using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>
/// A Helm pre-upgrade hook Job running database migrations, with a deadline and a delete
/// policy that keeps failures: hook-deadline passes. Hooks carry no Helm ownership labels.
/// </summary>
internal static class HookJobSample
{
    public static ReviewSample Create() => new()
    {
        Name = "HookJob",
        Webhook = PolicyType.Validating,
        Kind = KnownKinds.Job,
        Resource = "jobs",
        Namespace = HelmMetadata.Namespace,
        Object = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject
            {
                ["name"] = "shop-storefront-migrate",
                ["namespace"] = HelmMetadata.Namespace,
                ["labels"] = new JsonObject
                {
                    ["app.kubernetes.io/name"] = "storefront",
                    ["app.kubernetes.io/instance"] = HelmMetadata.Release,
                    ["app.kubernetes.io/component"] = "migrate",
                },
                ["annotations"] = new JsonObject
                {
                    ["helm.sh/hook"] = "pre-install,pre-upgrade",
                    ["helm.sh/hook-weight"] = "-5",
                    ["helm.sh/hook-delete-policy"] = "before-hook-creation,hook-succeeded",
                },
            },
            ["spec"] = new JsonObject
            {
                ["backoffLimit"] = 1,
                ["activeDeadlineSeconds"] = 600,
                ["ttlSecondsAfterFinished"] = 3600,
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["labels"] = new JsonObject { ["app.kubernetes.io/component"] = "migrate" },
                    },
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        ["serviceAccountName"] = "shop-storefront",
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "migrate",
                            ["image"] = "registry.example.com/shop/storefront:4.12.3",
                            ["command"] = new JsonArray("/app/storefront", "migrate", "--wait-for-db=60s"),
                            ["env"] = new JsonArray(
                                new JsonObject { ["name"] = "DATABASE_HOST", ["value"] = "shop-postgresql.shop.svc" },
                                new JsonObject
                                {
                                    ["name"] = "DATABASE_PASSWORD",
                                    ["valueFrom"] = new JsonObject
                                    {
                                        ["secretKeyRef"] = new JsonObject { ["name"] = "shop-postgresql", ["key"] = "password" },
                                    },
                                }),
                            ["resources"] = new JsonObject
                            {
                                ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" },
                            },
                        }),
                    },
                },
            },
        },
    };
}

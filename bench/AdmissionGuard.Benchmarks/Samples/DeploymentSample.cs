using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>
/// A Helm-rendered Deployment: reads a ConfigMap (volume, env, envFrom) and a Secret (env,
/// volume), carries the checksum annotation, no literal credentials. Every policy passes.
/// </summary>
internal static class DeploymentSample
{
    public static ReviewSample Create() => new()
    {
        Name = "Deployment",
        Webhook = PolicyType.Validating,
        Kind = KnownKinds.Deployment,
        Resource = "deployments",
        Namespace = HelmMetadata.Namespace,
        Object = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = HelmMetadata.Metadata("shop-storefront", "web"),
            ["spec"] = new JsonObject
            {
                ["replicas"] = 3,
                ["revisionHistoryLimit"] = 10,
                ["selector"] = new JsonObject
                {
                    ["matchLabels"] = new JsonObject
                    {
                        ["app.kubernetes.io/name"] = "storefront",
                        ["app.kubernetes.io/instance"] = HelmMetadata.Release,
                    },
                },
                ["strategy"] = new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = 0 },
                },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["labels"] = HelmMetadata.Labels("web"),
                        ["annotations"] = new JsonObject
                        {
                            ["checksum/config"] = "0f4d3c7e5b1a9d8c2e6f7a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
                            ["checksum/secret"] = "9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
                            ["prometheus.io/scrape"] = "true",
                            ["prometheus.io/port"] = "9090",
                        },
                    },
                    ["spec"] = PodSpec(),
                },
            },
        },
    };

    private static JsonObject PodSpec() => new()
    {
        ["serviceAccountName"] = "shop-storefront",
        ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["runAsUser"] = 10001, ["fsGroup"] = 10001 },
        ["terminationGracePeriodSeconds"] = 30,
        ["containers"] = new JsonArray(Container()),
        ["volumes"] = new JsonArray(
            new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "shop-storefront-config" } },
            new JsonObject { ["name"] = "tls", ["secret"] = new JsonObject { ["secretName"] = "shop-storefront-tls" } },
            new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject() }),
    };

    private static JsonObject Container() => new()
    {
        ["name"] = "storefront",
        ["image"] = "registry.example.com/shop/storefront:4.12.3",
        ["imagePullPolicy"] = "IfNotPresent",
        ["args"] = new JsonArray("--config=/etc/storefront/config.yaml", "--listen=:8080"),
        ["ports"] = new JsonArray(
            new JsonObject { ["name"] = "http", ["containerPort"] = 8080, ["protocol"] = "TCP" },
            new JsonObject { ["name"] = "metrics", ["containerPort"] = 9090, ["protocol"] = "TCP" }),
        ["env"] = new JsonArray(
            new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" },
            new JsonObject { ["name"] = "DATABASE_HOST", ["value"] = "shop-postgresql.shop.svc" },
            new JsonObject { ["name"] = "DATABASE_USER", ["value"] = "storefront" },
            new JsonObject
            {
                ["name"] = "DATABASE_PASSWORD",
                ["valueFrom"] = new JsonObject
                {
                    ["secretKeyRef"] = new JsonObject { ["name"] = "shop-postgresql", ["key"] = "password" },
                },
            },
            new JsonObject
            {
                ["name"] = "FEATURE_FLAGS",
                ["valueFrom"] = new JsonObject
                {
                    ["configMapKeyRef"] = new JsonObject { ["name"] = "shop-storefront-config", ["key"] = "flags" },
                },
            },
            new JsonObject
            {
                ["name"] = "POD_NAME",
                ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.name" } },
            }),
        ["envFrom"] = new JsonArray(
            new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = "shop-storefront-env" } }),
        ["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "256Mi" },
            ["limits"] = new JsonObject { ["memory"] = "512Mi" },
        },
        ["livenessProbe"] = Probe("/healthz"),
        ["readinessProbe"] = Probe("/readyz"),
        ["securityContext"] = new JsonObject
        {
            ["allowPrivilegeEscalation"] = false,
            ["readOnlyRootFilesystem"] = true,
            ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
        },
        ["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/storefront", ["readOnly"] = true },
            new JsonObject { ["name"] = "tls", ["mountPath"] = "/etc/tls", ["readOnly"] = true },
            new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" }),
    };

    private static JsonObject Probe(string path) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = "http" },
        ["initialDelaySeconds"] = 5,
        ["periodSeconds"] = 10,
        ["timeoutSeconds"] = 2,
        ["failureThreshold"] = 3,
    };
}

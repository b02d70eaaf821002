using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>
/// A ConfigMap holding a 20 KB application config file plus a few small keys; every value is
/// scanned for keys and tokens and none is found (the common case).
/// </summary>
internal static class ConfigMapSample
{
    public const int ConfigFileBytes = 20 * 1024;

    public static ReviewSample Create() => new()
    {
        Name = "ConfigMap20KB",
        Webhook = PolicyType.Validating,
        Kind = KnownKinds.ConfigMap,
        Resource = "configmaps",
        Namespace = HelmMetadata.Namespace,
        Object = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = HelmMetadata.Metadata("shop-storefront-config", "web"),
            ["data"] = new JsonObject
            {
                ["config.yaml"] = ConfigFile(),
                ["flags"] = "new-checkout,fast-search",
                ["LOG_FORMAT"] = "json",
                ["DATABASE_PASSWORD_FILE"] = "/etc/storefront/secrets/db-password",
            },
        },
    };

    /// <summary>A deterministic application config of about 20 KB: routes, upstreams, caches.</summary>
    private static string ConfigFile()
    {
        var sb = new StringBuilder(ConfigFileBytes + 512);
        sb.Append("# storefront configuration, rendered by the chart\n");
        sb.Append("server:\n  listen: \":8080\"\n  readTimeout: 15s\n  writeTimeout: 30s\n  maxHeaderBytes: 65536\n");
        sb.Append("database:\n  host: shop-postgresql.shop.svc\n  port: 5432\n  user: storefront\n");
        sb.Append("  passwordFile: /etc/storefront/secrets/db-password\n  pool: {min: 4, max: 32, idleTimeout: 5m}\n");
        sb.Append("routes:\n");
        for (var i = 0; sb.Length < ConfigFileBytes; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            sb.Append("  - name: catalogue-").Append(n).Append('\n')
              .Append("    match: {pathPrefix: /api/v2/catalogue/").Append(n).Append(", methods: [GET, HEAD]}\n")
              .Append("    upstream: http://catalogue-").Append(i % 7).Append(".shop.svc:8080\n")
              .Append("    timeout: ").Append(2 + (i % 5)).Append("s\n")
              .Append("    retries: {attempts: 3, perTryTimeout: 1s, on: [connect-failure, reset, 503]}\n")
              .Append("    cache: {enabled: ").Append(i % 3 == 0 ? "true" : "false").Append(", ttl: 60s, vary: [Accept-Language]}\n")
              .Append("    rateLimit: {requestsPerSecond: ").Append(100 + i).Append(", burst: 200}\n");
        }

        return sb.ToString();
    }
}

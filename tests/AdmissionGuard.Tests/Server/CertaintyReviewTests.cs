using System.Text;
using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// Certain before it denies, over real HTTPS with the built-in policies: what is not a credential
/// or rolls the pods is allowed; what may be a credential is allowed with a warning that says what
/// is uncertain, never answered 403; what is certain is still denied.
/// </summary>
public sealed class CertaintyReviewTests : ServerPerTest
{
    [Fact]
    public async Task A_helm_release_whose_values_carry_reloaders_annotation_is_allowed()
    {
        var release = HelmRelease(new JsonObject
        {
            ["controllers"] = new JsonObject
            {
                ["app"] = new JsonObject { ["annotations"] = new JsonObject { ["secret.reloader.stakater.com/reload"] = "app-secret" } },
            },
        });

        var response = Reviews.Response(await ReviewHelmRelease(release));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["warnings"]);
        Assert.Equal("pass", (string?)response["auditAnnotations"]!["no-plaintext-secrets"]);
    }

    [Fact]
    public async Task A_value_that_may_name_a_secret_is_allowed_with_a_warning_saying_what_is_uncertain()
    {
        var release = HelmRelease(new JsonObject { ["webhook"] = new JsonObject { ["secret"] = "shopsecret" } });

        var answer = await ReviewHelmRelease(release);

        var response = Reviews.Response(answer);
        Assert.True((bool)response["allowed"]!, answer);
        var warning = Assert.Single(response["warnings"]!.AsArray().Select(w => (string)w!));
        Assert.StartsWith("[no-plaintext-secrets] HelmRelease shop/app: Helm values webhook.secret may be credentials", warning);
        Assert.StartsWith("warn:", (string?)response["auditAnnotations"]!["no-plaintext-secrets"]);
        Assert.DoesNotContain("shopsecret", answer);
    }

    [Fact]
    public async Task A_deployment_rolled_by_consuls_config_checksum_is_allowed()
    {
        var deployment = JsonNode.Parse("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
             "spec": {"selector": {"matchLabels": {"app": "web"}},
              "template": {"metadata": {"labels": {"app": "web"},
                "annotations": {"consul.hashicorp.com/config-checksum": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}},
               "spec": {"containers": [{"name": "app", "image": "nginx", "envFrom": [{"configMapRef": {"name": "web-config"}}]}]}}}}
            """)!.AsObject();

        var answer = await Server.ReviewAsync("/validate", Reviews.Review("dep-1", Reviews.V1, "CREATE", false, deployment));

        var response = Reviews.Response(answer);
        Assert.True((bool)response["allowed"]!, answer);
        Assert.Equal("pass", (string?)response["auditAnnotations"]!["config-checksum"]);
    }

    [Fact]
    public async Task A_secret_holding_role_definitions_only_is_allowed_with_a_warning_not_denied()
    {
        var roles = "read_only:\n  cluster: [monitor]\n  indices:\n    - names: ['logs-*']\n      privileges: [read, view_index_metadata]\n";
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "es-roles", ["namespace"] = "shop" },
            ["data"] = new JsonObject { ["roles.yml"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(roles)) },
        };

        var answer = await Server.ReviewAsync("/validate", Reviews.Review("sec-1", Reviews.V1, "CREATE", false, secret));

        var response = Reviews.Response(answer);
        Assert.True((bool)response["allowed"]!, answer);
        var warning = Assert.Single(response["warnings"]!.AsArray().Select(w => (string)w!));
        Assert.Contains("Secret shop/es-roles", warning);
        Assert.Contains("hold no recognisable credential", warning);
    }

    [Fact]
    public async Task A_numeric_password_in_an_env_var_is_still_denied()
    {
        var deployment = JsonNode.Parse("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "db", "namespace": "shop"},
             "spec": {"selector": {"matchLabels": {"app": "db"}},
              "template": {"metadata": {"labels": {"app": "db"}},
               "spec": {"containers": [{"name": "mysql", "image": "mysql:8", "env": [{"name": "MYSQL_PASSWORD", "value": "1234"}, {"name": "TOKEN_TTL", "value": "3600"}]}]}}}}
            """)!.AsObject();

        var answer = await Server.ReviewAsync("/validate", Reviews.Review("dep-2", Reviews.V1, "CREATE", false, deployment));

        var response = Reviews.Response(answer);
        Assert.False((bool)response["allowed"]!);
        var message = (string)response["status"]!["message"]!;
        Assert.Contains("env var MYSQL_PASSWORD of container mysql", message);
        Assert.DoesNotContain("TOKEN_TTL", message);
    }

    private Task<string> ReviewHelmRelease(JsonObject release) =>
        Server.ReviewAsync("/validate", Reviews.Review("hr-1", Reviews.V1, "CREATE", false, release));

    private static JsonObject HelmRelease(JsonObject values) => new()
    {
        ["apiVersion"] = "helm.toolkit.fluxcd.io/v2",
        ["kind"] = "HelmRelease",
        ["metadata"] = new JsonObject { ["name"] = "app", ["namespace"] = "shop" },
        ["spec"] = new JsonObject
        {
            ["chartRef"] = new JsonObject { ["kind"] = "OCIRepository", ["name"] = "app-template" },
            ["values"] = values,
        },
    };
}

using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// The built-in no-plaintext-secrets over real HTTPS on the GitOps kinds the chart registers: a
/// Flux HelmRelease and an Argo CD Application, as the API server sends them.
/// </summary>
public sealed class HelmValuesReviewTests : ServerPerTest
{
    [Fact]
    public async Task A_helm_release_with_a_literal_password_in_its_values_is_denied_naming_the_key_not_the_value()
    {
        var release = new JsonObject
        {
            ["apiVersion"] = "helm.toolkit.fluxcd.io/v2",
            ["kind"] = "HelmRelease",
            ["metadata"] = new JsonObject { ["name"] = "shop-db", ["namespace"] = "shop" },
            ["spec"] = new JsonObject
            {
                ["chart"] = new JsonObject { ["spec"] = new JsonObject { ["chart"] = "postgresql" } },
                ["values"] = new JsonObject { ["auth"] = new JsonObject { ["username"] = "shop", ["postgresPassword"] = "fake-Passw0rd-in-values" } },
            },
        };

        var answer = await Server.ReviewAsync("/validate", Reviews.Review("hr-1", Reviews.V1, "CREATE", false, release));

        var response = Reviews.Response(answer);
        Assert.False((bool)response["allowed"]!);
        var message = (string)response["status"]!["message"]!;
        Assert.StartsWith("[no-plaintext-secrets] HelmRelease shop/shop-db: Helm values at spec.values hold literal values that could be credentials (keys auth.postgresPassword)", message);
        Assert.Contains("spec.valuesFrom", message);
        Assert.DoesNotContain("fake-Passw0rd-in-values", answer);
    }

    [Fact]
    public async Task An_application_whose_helm_values_hold_references_is_allowed()
    {
        var application = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Application",
            ["metadata"] = new JsonObject { ["name"] = "shop-db", ["namespace"] = "argocd" },
            ["spec"] = new JsonObject
            {
                ["source"] = new JsonObject
                {
                    ["chart"] = "postgresql",
                    ["helm"] = new JsonObject
                    {
                        ["values"] = "auth:\n  existingSecret: shop-db\n  password: <path:secret/data/shop#password>\n",
                    },
                },
            },
        };

        var answer = await Server.ReviewAsync("/validate", Reviews.Review("app-1", Reviews.V1, "CREATE", false, application));

        var response = Reviews.Response(answer);
        Assert.True((bool)response["allowed"]!, answer);
        Assert.Equal("pass", (string?)response["auditAnnotations"]!["no-plaintext-secrets"]);
    }
}

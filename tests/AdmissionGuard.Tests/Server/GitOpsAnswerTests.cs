using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Configuration;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// The GitOps answers of the built-in policies over real HTTPS, as the API server asks for them
/// when Flux or Argo CD applies an object: the same engine the CLI's fixtures and tests pin.
/// </summary>
public sealed class GitOpsAnswerTests() : ServerPerTest(policies: PolicyLoader.LoadDefaults().Policies)
{
    [Fact]
    public async Task A_flux_pvc_gets_prune_disabled_and_not_helms_keep()
    {
        var response = await ReviewAsync("/mutate", "kustomize-controller", Pvc(null));

        var patch = Encoding.UTF8.GetString(Convert.FromBase64String((string)response["patch"]!));
        Assert.Contains("kustomize.toolkit.fluxcd.io/prune", patch);
        Assert.DoesNotContain("helm.sh", patch);
    }

    [Fact]
    public async Task A_flux_pvc_already_protected_gets_no_patch_and_no_warning()
    {
        var response = await ReviewAsync("/mutate", "kustomize-controller", Pvc(new JsonObject { ["kustomize.toolkit.fluxcd.io/prune"] = "disabled" }));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        Assert.Null(response["warnings"]);
    }

    [Fact]
    public async Task An_argo_cd_skip_job_is_not_judged_but_a_presync_hook_is()
    {
        var skip = await ReviewAsync("/validate", "argocd-controller", Job("Skip"));
        var presync = await ReviewAsync("/validate", "argocd-controller", Job("PreSync"));

        Assert.True((bool)skip["allowed"]!);
        Assert.Null(skip["warnings"]);
        Assert.False((bool)presync["allowed"]!);
        Assert.Contains("[hook-deadline]", (string?)presync["status"]!["message"]);
    }

    [Fact]
    public async Task A_deployment_reading_a_generated_config_map_passes_and_a_plain_one_gets_the_generator_fix()
    {
        var hashed = await ReviewAsync("/validate", "kustomize-controller", Deployment("redis-config-bd2fcfgt6k"));
        var plain = await ReviewAsync("/validate", "kustomize-controller", Deployment("redis-config"));

        Assert.True((bool)hashed["allowed"]!);
        Assert.False((bool)plain["allowed"]!);
        var message = (string)plain["status"]!["message"]!;
        Assert.Contains("Fix: generate ConfigMap redis-config with kustomize's configMapGenerator", message);
        Assert.DoesNotContain("sha256sum", message);
    }

    private async Task<JsonObject> ReviewAsync(string path, string fieldManager, JsonObject obj) =>
        Reviews.Response(await Server.ReviewAsync(path, Reviews.Review(Guid.NewGuid().ToString(), Reviews.V1, "CREATE", false, obj, fieldManager)));

    private static JsonObject Pvc(JsonObject? annotations)
    {
        var metadata = new JsonObject { ["name"] = "data", ["namespace"] = "apps" };
        if (annotations is not null)
        {
            metadata["annotations"] = annotations;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = metadata,
            ["spec"] = JsonNode.Parse("""{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}"""),
        };
    }

    private static JsonObject Job(string hook) => JsonNode.Parse("""
        {"apiVersion":"batch/v1","kind":"Job",
         "metadata":{"name":"migrate","namespace":"apps","annotations":{"argocd.argoproj.io/hook":"HOOK"}},
         "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"m","image":"example/m:1"}]}}}}
        """.Replace("HOOK", hook, StringComparison.Ordinal))!.AsObject();

    private static JsonObject Deployment(string configMap) => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"cache","namespace":"apps","labels":{"kustomize.toolkit.fluxcd.io/name":"apps"}},
         "spec":{"selector":{"matchLabels":{"app":"cache"}},"template":{"metadata":{"labels":{"app":"cache"}},
           "spec":{"containers":[{"name":"redis","image":"redis:7"}],"volumes":[{"name":"config","configMap":{"name":"CONFIGMAP"}}]}}}}
        """.Replace("CONFIGMAP", configMap, StringComparison.Ordinal))!.AsObject();
}

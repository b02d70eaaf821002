using System.Net;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Compile;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Cluster.Tests.Native;

/// <summary>
/// Puts one side in front of the API server: the compiled native policies (installed, then
/// removed), or the webhook process registered by URL as the chart registers it. Each waits until
/// the API server acts on it, with a probe Job that the hook-deadline rule denies.
/// </summary>
internal static class NativeSide
{
    public static readonly JsonObject ProbeJob = JsonNode.Parse("""
        {"apiVersion": "batch/v1", "kind": "Job",
         "metadata": {"name": "agreement-probe", "namespace": "default", "annotations": {"helm.sh/hook": "pre-install"}},
         "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "probe", "image": "busybox"}]}}}}
        """)!.AsObject();

    public static readonly JsonObject ProbeClaim = JsonNode.Parse("""
        {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "agreement-probe", "namespace": "default"},
         "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}
        """)!.AsObject();

    /// <summary>Probes of the other validating rules: a ConfigMap with an AWS key id, a Deployment reading a ConfigMap with nothing to roll it.</summary>
    public static readonly JsonObject[] OtherProbes =
    [
        JsonNode.Parse("""
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "agreement-probe", "namespace": "default"},
             "data": {"aws": "AKIAABCDEFGHIJKLMNOP"}}
            """)!.AsObject(),
        JsonNode.Parse("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "agreement-probe", "namespace": "default"},
             "spec": {"selector": {"matchLabels": {"app": "probe"}}, "template": {"metadata": {"labels": {"app": "probe"}},
               "spec": {"containers": [{"name": "probe", "image": "busybox", "envFrom": [{"configMapRef": {"name": "probe-config"}}]}]}}}}
            """)!.AsObject(),
    ];

    /// <summary>The compilation of the built-in policies for the control plane's version (1.34).</summary>
    public static NativeCompilation Compile(bool failClosed)
    {
        var loaded = PolicyLoader.LoadDefaults();
        Assert.True(loaded.Succeeded);
        var compilation = NativePolicyCompiler.Compile(loaded.Policies!, new KubeVersion(1, 34));
        if (failClosed)
        {
            // The agreement and cost runs see CEL errors (a cost limit) as denials they can count.
            foreach (var document in compilation.Documents)
            {
                if (document.Find(p => p.Key == "spec").Value is YamlMap spec && spec.Exists(p => p.Key == "failurePolicy"))
                {
                    spec["failurePolicy"] = "Fail";
                }
            }
        }

        return compilation;
    }

    /// <summary>A hook-deadline policy file for Jobs under <paramref name="action"/>, with <paramref name="moreSpec"/> lines (indented YAML under spec:) added.</summary>
    public static string HookDeadlinePolicy(string action, string moreSpec = "") => $$"""
        apiVersion: admission-guard.io/v1alpha1
        kind: GuardPolicy
        metadata: {name: hook-deadline}
        spec:
          action: {{action}}
          match: {kinds: [batch/v1/Job]}
        {{moreSpec}}
        """;

    /// <summary>
    /// <paramref name="policyFile"/> written as hook-deadline.yaml into a new temporary folder (named
    /// <paramref name="prefix"/>..., for the webhook's <c>--policies</c>; the caller deletes it), loaded and
    /// compiled for the control plane's version (1.34).
    /// </summary>
    public static (string Directory, IReadOnlyList<JsonObject> Objects) CompileHookDeadline(string prefix, string policyFile)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        File.WriteAllText(Path.Combine(directory, "hook-deadline.yaml"), policyFile);
        var loaded = PolicyLoader.LoadDirectory(directory);
        Assert.True(loaded.Succeeded, string.Join('\n', loaded.Errors));
        return (directory, Objects(NativePolicyCompiler.Compile(loaded.Policies!, new KubeVersion(1, 34))));
    }

    public static IReadOnlyList<JsonObject> Objects(NativeCompilation compilation) =>
        ManifestReader.Read(NativeYaml.ToText(compilation.Documents), "compiled.yaml").Select(d => d.Content!.AsObject()).ToList();

    public static async Task InstallAsync(KubeApi api, IReadOnlyList<JsonObject> objects)
    {
        foreach (var obj in objects)
        {
            var answer = await api.CreateAsync(obj);
            Assert.True(answer.Created, $"{obj["kind"]} {obj["metadata"]!["name"]}: {answer.Status} {answer.Message}");
        }

        await UntilAsync(api, probeDenied: true, all: true);
    }

    public static async Task RemoveAsync(KubeApi api, IReadOnlyList<JsonObject> objects)
    {
        foreach (var obj in objects)
        {
            await api.DeleteAsync(obj);
        }

        await UntilAsync(api, probeDenied: false, all: true);
    }

    /// <summary>Registers the running webhook for the kinds of the compiled rules (mutating: the keep-stateful kinds), failing closed.</summary>
    public static async Task<IReadOnlyList<JsonObject>> RegisterWebhookAsync(KubeApi api, string url, string caPem, string failurePolicy = "Fail")
    {
        var caBundle = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(caPem));
        JsonObject Webhook(string name, string path, JsonArray rules) => new()
        {
            ["name"] = name,
            ["clientConfig"] = new JsonObject { ["url"] = url + path, ["caBundle"] = caBundle },
            ["rules"] = rules,
            ["failurePolicy"] = failurePolicy,
            ["sideEffects"] = "None",
            ["admissionReviewVersions"] = new JsonArray("v1"),
            ["timeoutSeconds"] = 10,
            ["namespaceSelector"] = new JsonObject(),
        };
        JsonObject Rule(string group, string resources) => new()
        {
            ["apiGroups"] = new JsonArray(group),
            ["apiVersions"] = new JsonArray("v1"),
            ["operations"] = new JsonArray("CREATE", "UPDATE"),
            ["resources"] = new JsonArray(resources.Split(',').Select(r => (JsonNode)r).ToArray()),
        };
        var validating = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "ValidatingWebhookConfiguration",
            ["metadata"] = new JsonObject { ["name"] = "admission-guard-agreement" },
            ["webhooks"] = new JsonArray(Webhook("validate.admission-guard.io", "/validate",
                new JsonArray(Rule("apps", "deployments,statefulsets,daemonsets"), Rule("batch", "jobs"), Rule(string.Empty, "configmaps")))),
        };
        var mutating = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "MutatingWebhookConfiguration",
            ["metadata"] = new JsonObject { ["name"] = "admission-guard-agreement" },
            ["webhooks"] = new JsonArray(Webhook("mutate.admission-guard.io", "/mutate",
                new JsonArray(Rule(string.Empty, "persistentvolumeclaims"), Rule("apiextensions.k8s.io", "customresourcedefinitions")))),
        };
        foreach (var obj in new[] { validating, mutating })
        {
            var answer = await api.CreateAsync(obj);
            Assert.True(answer.Created, $"{obj["kind"]}: {answer.Status} {answer.Message}");
        }

        return [validating, mutating];
    }

    /// <summary>Waits until the probe Job is denied (or admitted), and the probe claim marked (or not); with <paramref name="all"/>, the other probes too.</summary>
    public static async Task UntilAsync(KubeApi api, bool probeDenied, bool all = false)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var job = await api.CreateAsync(ProbeJob, dryRun: true);
            var claim = await api.CreateAsync(ProbeClaim, dryRun: true, fieldManager: "helm");
            var marked = claim.Object?["metadata"]?["annotations"]?["helm.sh/resource-policy"] is not null;
            var others = true;
            foreach (var probe in all ? OtherProbes : [])
            {
                others &= (await api.CreateAsync(probe, dryRun: true)).Created != probeDenied;
            }

            if (job.Created != probeDenied && marked == probeDenied && others)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the API server did not {(probeDenied ? "start" : "stop")} enforcing: job {job.Status} {job.Message}; claim marked {marked}");
            await Task.Delay(250);
        }
    }

    public static bool IsCelError(ApiAnswer answer) =>
        answer.Status != HttpStatusCode.Created && answer.Message.Contains("AdmissionPolicy", StringComparison.Ordinal)
        && (answer.Message.Contains("resulted in error", StringComparison.Ordinal) || answer.Message.Contains("cost", StringComparison.Ordinal)
            || !answer.Message.Contains("denied request", StringComparison.Ordinal));
}

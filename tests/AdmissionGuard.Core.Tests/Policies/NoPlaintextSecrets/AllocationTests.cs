using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Core.Policies.NoPlaintextSecrets;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Policies.NoPlaintextSecrets;

/// <summary>
/// A ConfigMap with a 20 KB config file is the hot case of configMapValues: the value is scanned
/// from a pooled buffer, so evaluating it allocates a small constant, not a copy of the file.
/// </summary>
public sealed class AllocationTests
{
    /// <summary>A copy of the value as a string would be about 40 KB (UTF-16); a handful of small objects is what remains.</summary>
    private const long MaxBytesPerEvaluation = 2048;

    private static PolicyContext ConfigMapContext(string config)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "shop-config", ["namespace"] = "shop" },
            ["data"] = new JsonObject { ["application.yaml"] = config },
        };
        var request = TestRequest.For(obj, "shop");
        return new PolicyContext(request, request.Object!, Applier.Helm);
    }

    private static string LargeConfig()
    {
        var sb = new StringBuilder("server:\n  port: 8080\nroutes:\n");
        for (var i = 0; sb.Length < 20_000; i++)
        {
            sb.Append($"  - name: route-{i:D4}\n    path: /api/v1/catalog/items/{i}\n    upstream: http://catalog.shop.svc:8080\n    timeout: 5s\n");
        }

        return sb.ToString();
    }

    private static long BytesPerEvaluation(IPolicy policy, PolicyContext context)
    {
        policy.Evaluate(context);
        const int Runs = 20;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Runs; i++)
        {
            policy.Evaluate(context);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Runs;
    }

    [Fact]
    public void Scanning_a_clean_20_KB_config_file_does_not_copy_it()
    {
        var policy = new NoPlaintextSecretsPolicy(new NoPlaintextSecretsParameters(), PolicyServices.Default);
        var context = ConfigMapContext(LargeConfig());

        Assert.True(policy.Evaluate(context).Findings.Count == 0);
        var bytes = BytesPerEvaluation(policy, context);
        Assert.True(bytes < MaxBytesPerEvaluation, $"{bytes} bytes allocated per evaluation");
    }

    [Fact]
    public void Finding_a_key_at_the_end_of_a_20_KB_config_file_does_not_copy_it_either()
    {
        var policy = new NoPlaintextSecretsPolicy(new NoPlaintextSecretsParameters(), PolicyServices.Default);
        var context = ConfigMapContext(LargeConfig() + "storage:\n  accessKeyId: AKIAI44QH8DHBEXAMPLE\n");

        Assert.Equal("an AWS access key id in key application.yaml; ConfigMaps are stored and shown in plaintext to anyone who may read them",
            Assert.Single(policy.Evaluate(context).Findings).Message);
        var bytes = BytesPerEvaluation(policy, context);
        Assert.True(bytes < MaxBytesPerEvaluation, $"{bytes} bytes allocated per evaluation");
    }

    /// <summary>
    /// A Secret value is base64-decoded to be judged (a reference or a SOPS-encrypted file passes):
    /// into a pooled buffer, so a 20 KB value costs its findings, not a copy of itself.
    /// </summary>
    [Fact]
    public void Judging_a_20_KB_secret_value_decodes_it_without_copying_it()
    {
        var policy = new NoPlaintextSecretsPolicy(new NoPlaintextSecretsParameters(), PolicyServices.Default);
        var obj = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "shop-config", ["namespace"] = "shop" },
            ["data"] = new JsonObject { ["application.yaml"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(LargeConfig())) },
        };
        var request = TestRequest.For(obj, "shop");
        var context = new PolicyContext(request, request.Object!, Applier.Helm);

        Assert.Single(policy.Evaluate(context).Findings);
        var bytes = BytesPerEvaluation(policy, context);
        Assert.True(bytes < 2 * MaxBytesPerEvaluation, $"{bytes} bytes allocated per evaluation");
    }
}

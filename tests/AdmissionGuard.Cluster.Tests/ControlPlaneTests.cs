using System.Text.Json.Nodes;

namespace AdmissionGuard.Cluster.Tests;

/// <summary>The fixture itself: the API server answers, kubectl and the HTTPS client reach it, the audit log fills.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ControlPlaneTests(KubeControlPlane cluster)
{
    [Fact]
    public async Task The_api_server_serves_the_admission_apis_the_tests_rely_on()
    {
        var groups = JsonNode.Parse(await cluster.Api.GetStringAsync("/apis/admissionregistration.k8s.io"))!;
        var versions = groups["versions"]!.AsArray().Select(v => (string)v!["version"]!).ToArray();
        Assert.Contains("v1", versions);
        Assert.Contains("v1beta1", versions);

        var resources = cluster.KubectlOk("api-resources", "--api-group=admissionregistration.k8s.io", "-o", "name");
        Assert.Contains("mutatingadmissionpolicies.admissionregistration.k8s.io", resources);
        Assert.Contains("validatingadmissionpolicies.admissionregistration.k8s.io", resources);
    }

    [Fact]
    public void Writes_reach_the_audit_log()
    {
        cluster.CreateNamespace("audit-probe");
        Assert.Contains("\"audit-probe\"", File.ReadAllText(cluster.AuditLogFile));
    }
}

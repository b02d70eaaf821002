namespace AdmissionGuard.Cluster.Tests.Exceptions;

/// <summary>
/// A control plane of its own (with kube-controller-manager, which aggregates ClusterRoles) for
/// the PolicyException tests: the chart's CRD and roles applied, a webhook that watches the
/// exceptions, registered with <c>exceptions.enabled=true</c>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ExceptionCollection : ICollectionFixture<KubeControlPlaneWithControllers>
{
    public const string Name = "policy exceptions";
}

internal static class ExceptionCluster
{
    public static readonly string[] ChartValues = ["--set", "exceptions.enabled=true", "--set", "exceptions.aggregateToAdmin=true"];

    /// <summary>The chart's CRD and exception roles, applied once; waits until the CRD is served.</summary>
    public static void InstallCrdAndRoles(KubeControlPlane cluster, WebhookServer webhook)
    {
        var yaml = ChartWebhooks.Template(cluster, webhook,
        [
            "--show-only", "templates/policyexception-crd.yaml",
            "--show-only", "templates/policyexception-rbac.yaml",
            .. ChartValues,
        ]);
        cluster.CreateNamespace(ChartWebhooks.Namespace);
        var applied = cluster.Apply(yaml);
        Assert.True(applied.Succeeded, $"{applied} {cluster.Where}");
        cluster.KubectlOk("wait", "--for=condition=Established", "crd/policyexceptions.admission-guard.io", "--timeout=60s");
    }

    /// <summary><c>admission-guard ARGS</c> as a process against the cluster.</summary>
    public static ProcessResult Cli(KubeControlPlane cluster, string workingDirectory, params string[] args)
    {
        var (fileName, arguments) = ChildProcess.AdmissionGuard(ChildProcess.AdmissionGuardDll, args);
        return ChildProcess.Run(fileName, arguments, workingDirectory: workingDirectory, environment: cluster.Environment());
    }

    public static string Exception(string name, string ns, DateTimeOffset expiresAt, string policies = "[hook-deadline]", string reason = "vendor chart, fixed in its 2.0") => $"""
        apiVersion: admission-guard.io/v1alpha1
        kind: PolicyException
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          policies: {policies}
          match:
            kinds: [Job]
            names: ["migrate*"]
          reason: {reason}
          ticket: OPS-123
          expiresAt: "{Time(expiresAt)}"

        """;

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Polls <paramref name="condition"/> until it holds or a minute passed; the last value otherwise.</summary>
    public static async Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        var value = probe();
        while (!condition(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            value = probe();
        }

        return value;
    }
}

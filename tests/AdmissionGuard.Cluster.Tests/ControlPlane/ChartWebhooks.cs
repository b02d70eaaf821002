using AdmissionGuard.Testing;

namespace AdmissionGuard.Cluster.Tests.ControlPlane;

/// <summary>
/// The chart's own webhook configurations, rendered by Helm with <c>webhook.url</c> pointing at a
/// <see cref="WebhookServer"/> and <c>tls.caBundle</c> the cluster CA, applied with kubectl, never
/// written by hand. Release <c>guard</c> in namespace <c>admission-guard</c> (so the chart's
/// namespaceSelector skips that namespace, kube-system, kube-public and kube-node-lease).
/// </summary>
public static class ChartWebhooks
{
    public const string Release = "guard";
    public const string Namespace = "admission-guard";
    public const string Name = "guard-admission-guard";

    public static string Chart => Path.Combine(Repository.Root, "charts", "admission-guard");

    /// <summary><c>helm template</c> (Helm 3) of the chart's webhook configurations for <paramref name="webhook"/>, with <paramref name="helmArguments"/> added (such as <c>--set policies.hookDeadline.action=warn</c>).</summary>
    public static string Render(KubeControlPlane cluster, WebhookServer webhook, params string[] helmArguments) =>
        Template(cluster, webhook,
        [
            "--show-only", "templates/validatingwebhookconfiguration.yaml",
            "--show-only", "templates/mutatingwebhookconfiguration.yaml",
            .. helmArguments,
        ]);

    /// <summary><c>helm template</c> of the whole chart as it renders for a webhook outside the cluster.</summary>
    public static string Template(KubeControlPlane cluster, WebhookServer webhook, IEnumerable<string> helmArguments) =>
        Template(cluster, webhook.Url, helmArguments);

    /// <summary><c>helm template</c> of the whole chart with <c>webhook.url</c> set to <paramref name="url"/>.</summary>
    public static string Template(KubeControlPlane cluster, string url, IEnumerable<string> helmArguments)
    {
        var result = cluster.Helm(3,
        [
            "template", Release, Chart, "--namespace", Namespace,
            "--set", "webhook.url=" + url,
            "--set", "tls.certManager.enabled=false",
            "--set-file", "tls.caBundle=" + cluster.Pki.CaFile,
            .. helmArguments,
        ]);
        Assert.True(result.Succeeded, $"helm template: {result}");
        return result.Stdout;
    }

    /// <summary>
    /// The policy files the chart renders into its ConfigMap for <paramref name="helmArguments"/>,
    /// written into <paramref name="directory"/>: what <c>serve --policies</c> reads in the chart's pods.
    /// </summary>
    public static string RenderPolicies(KubeControlPlane cluster, string directory, params string[] helmArguments)
    {
        var rendered = Template(cluster, "https://127.0.0.1:1", ["--show-only", "templates/policies-configmap.yaml", .. helmArguments]);
        var configMap = (System.Text.Json.Nodes.JsonObject)AdmissionGuard.Core.Manifests.ManifestReader.Read(rendered, "policies-configmap.yaml").Single().Content!;
        Directory.CreateDirectory(directory);
        foreach (var (file, content) in configMap["data"]!.AsObject())
        {
            File.WriteAllText(Path.Combine(directory, file), (string)content!);
        }

        return directory;
    }

    /// <summary>
    /// Renders and applies the webhook configurations, creates the release namespace, then waits
    /// until the API server calls the webhook (its informer takes a moment to see a new configuration).
    /// </summary>
    public static async Task RegisterAsync(KubeControlPlane cluster, WebhookServer webhook, params string[] helmArguments)
    {
        var registration = string.Join('\n', [webhook.Url, .. helmArguments]);
        if (cluster.Registration == registration)
        {
            return;
        }

        cluster.CreateNamespace(Namespace);
        var applied = cluster.Apply(Render(cluster, webhook, helmArguments));
        Assert.True(applied.Succeeded, $"applying the chart's webhook configurations: {applied} {cluster.Where}");
        await Eventually(cluster, webhook, called: true);
        cluster.Registration = registration;
    }

    /// <summary>Deletes the configurations and waits until the API server no longer calls the webhook.</summary>
    public static async Task UnregisterAsync(KubeControlPlane cluster, WebhookServer webhook)
    {
        cluster.Kubectl("delete", "validatingwebhookconfiguration,mutatingwebhookconfiguration", Name, "--ignore-not-found");
        cluster.Registration = null;
        await Eventually(cluster, webhook, called: false);
    }

    /// <summary>
    /// Probes with a server-side dry-run of a ConfigMap in <c>default</c> (a kind every default
    /// policy set reviews) until the webhook's request count does (or no longer does) move.
    /// </summary>
    private static async Task Eventually(KubeControlPlane cluster, WebhookServer webhook, bool called)
    {
        const string probe = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: admission-guard-probe\n  namespace: default\ndata:\n  a: b\n";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var quiet = 0;
        while (DateTime.UtcNow < deadline)
        {
            var before = await webhook.RequestCountAsync();
            cluster.Apply(probe, "--dry-run=server");
            var moved = await webhook.RequestCountAsync() > before;
            if (called && moved)
            {
                return;
            }

            // Unregistered: three probes in a row that never reached the webhook.
            quiet = moved ? 0 : quiet + 1;
            if (!called && quiet == 3)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the API server {(called ? "never called" : "still calls")} the webhook at {webhook.Url} {cluster.Where}");
    }
}

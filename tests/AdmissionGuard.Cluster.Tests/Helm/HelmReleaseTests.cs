using AdmissionGuard.Cluster.Tests.Admission;

namespace AdmissionGuard.Cluster.Tests.Helm;

/// <summary>
/// Helm 3.17 and Helm 4.1 install, upgrade, roll back and uninstall a small chart (Helm/shop)
/// through the real API server and the webhook the chart registered: a denied object fails the
/// release with the policy's message; a claim the webhook marked survives an upgrade that drops it
/// (Helm reads keep from the live object) but not <c>helm uninstall</c> (Helm reads keep from the
/// stored release), unless the post-renderer marked it in the manifest Helm stores.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HelmReleaseTests : IDisposable
{
    private const string Keep = "helm.sh/resource-policy";

    private static readonly string Chart = Path.Combine(AppContext.BaseDirectory, "Helm", "shop");

    private readonly KubeControlPlane cluster;
    private readonly string temp = Directory.CreateTempSubdirectory("admission-guard-helm-").FullName;

    public HelmReleaseTests(KubeControlPlane cluster)
    {
        this.cluster = cluster;
        cluster.RegisteredWebhookAsync().GetAwaiter().GetResult();
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void A_hook_job_without_a_deadline_fails_the_release_with_the_policy_message(int helm)
    {
        var ns = $"helm{helm}-hook";
        var result = Install(helm, "shop", ns, "--set", "hook=true", "--set", "hookDeadline=false");

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains("admission webhook \"jobs.validate.admission-guard.io\" denied the request: [hook-deadline] Job " + ns + "/shop-migrate", result.Stderr);
        Assert.Contains("failed", Run(helm, "status", "shop", "-n", ns).Stdout);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void A_workload_whose_config_map_does_not_roll_it_fails_the_release(int helm)
    {
        var ns = $"helm{helm}-roll";
        var result = Install(helm, "shop", ns, "--set", "rollOnConfigChange=false");

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains("admission webhook \"validate.admission-guard.io\" denied the request: [config-checksum] Deployment " + ns + "/shop-web", result.Stderr);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void A_marked_claim_survives_an_upgrade_that_drops_it_blocks_a_rollback_to_it_and_is_adopted_by_the_next_upgrade_that_has_it(int helm)
    {
        var ns = $"helm{helm}-upgrade";
        InstallWithMarkedClaim(helm, ns);

        Ok(Run(helm, "upgrade", "shop", Chart, "-n", ns, "--set", "pvc=false"));
        Assert.Equal(Live.Present, State(ns, "shop-data"));

        // The kept claim is no longer part of the release, and a rollback does not adopt objects.
        var rollback = Run(helm, "rollback", "shop", "1", "-n", ns);
        Assert.False(rollback.Succeeded, rollback.ToString());
        Assert.Contains(helm == 3 ? "no PersistentVolumeClaim with the name \"shop-data\" found" : "original object PersistentVolumeClaim with the name \"shop-data\" not found", rollback.Stderr);
        Assert.Equal(Live.Present, State(ns, "shop-data"));

        // An upgrade does adopt it: the claim still carries the release's ownership annotations.
        Ok(Run(helm, "upgrade", "shop", Chart, "-n", ns, "--set", "pvc=true"));
        Assert.Contains("shop-data", Run(helm, "get", "manifest", "shop", "-n", ns).Stdout);
        Assert.Equal("keep", Annotation(ns, "shop-data"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Helm_uninstall_still_deletes_a_claim_only_the_webhook_marked(int helm)
    {
        var ns = $"helm{helm}-uninstall";
        InstallWithMarkedClaim(helm, ns);
        Assert.DoesNotContain(Keep, Run(helm, "get", "manifest", "shop", "-n", ns).Stdout);

        Ok(Run(helm, "uninstall", "shop", "-n", ns));

        Assert.Equal(Live.Deleted, State(ns, "shop-data"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Helm_uninstall_keeps_a_claim_the_post_renderer_marked(int helm)
    {
        var ns = $"helm{helm}-post-rendered";
        Ok(Install(helm, "shop", ns, PostRenderer(helm)));
        Assert.Contains(Keep + ": keep", Run(helm, "get", "manifest", "shop", "-n", ns).Stdout);

        var uninstall = Run(helm, "uninstall", "shop", "-n", ns);

        Ok(uninstall);
        Assert.Contains("shop-data", uninstall.Stdout);
        Assert.Equal(Live.Present, State(ns, "shop-data"));
        Assert.Equal("keep", Annotation(ns, "shop-data"));
    }

    private enum Live
    {
        Present,
        Deleted,
    }

    private ProcessResult Install(int helm, string release, string ns, params string[] arguments) =>
        Run(helm, ["install", release, Chart, "-n", ns, "--create-namespace", .. arguments]);

    /// <summary>Installs the shop release into <paramref name="ns"/>: the webhook marks its claim shop-data keep.</summary>
    private void InstallWithMarkedClaim(int helm, string ns)
    {
        Ok(Install(helm, "shop", ns));
        Assert.Equal("keep", Annotation(ns, "shop-data"));
    }

    private ProcessResult Run(int helm, params string[] arguments) =>
        cluster.Helm(helm, arguments, environment: new Dictionary<string, string?> { ["ADMISSION_GUARD"] = Wrapper() });

    private void Ok(ProcessResult result) => Assert.True(result.Succeeded, $"{result} {cluster.Where}");

    /// <summary>Helm 3: <c>--post-renderer</c> an executable; Helm 4: the repository's postrenderer/v1 plugin, installed once.</summary>
    private string[] PostRenderer(int helm)
    {
        if (helm == 3)
        {
            return ["--post-renderer", Wrapper(), "--post-renderer-args", "post-render"];
        }

        cluster.Once("helm4-post-renderer-plugin", () => Ok(Run(4, "plugin", "install", Path.Combine(Repository.Root, "plugins", "admission-guard-post-renderer"))));
        return ["--post-renderer", "admission-guard"];
    }

    /// <summary>A script that runs the built CLI with its arguments (ADMISSION_GUARD for the Helm 4 plugin).</summary>
    private string Wrapper()
    {
        var path = Path.Combine(temp, "admission-guard");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, $"#!/bin/sh\nexec {ChildProcess.AdmissionGuardShellCommand(ChildProcess.AdmissionGuardDll, [])} \"$@\"\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private string? Annotation(string ns, string claim) => ClusterObjects.Annotations(cluster, "pvc", claim, ns).GetValueOrDefault(Keep);

    /// <summary>
    /// Deleted: gone, or its deletion under way (with no kube-controller-manager here, the
    /// kubernetes.io/pvc-protection finalizer is never removed, so a deleted claim stays Terminating).
    /// </summary>
    private Live State(string ns, string claim)
    {
        var get = cluster.Kubectl("get", "pvc", claim, "-n", ns, "--ignore-not-found", "-o", "jsonpath={.metadata.name} {.metadata.deletionTimestamp}");
        Assert.True(get.Succeeded, get.ToString());
        var fields = get.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 1 ? Live.Present : Live.Deleted;
    }
}

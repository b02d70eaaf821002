using System.Diagnostics;
using AdmissionGuard.LoadGen.Compare;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// Open Policy Agent Gatekeeper outside a cluster, as <c>../shared/peers/README.md</c> runs it:
/// its CRDs, namespace and placeholder Pod first; the manager with the webhook and constraint-CRD
/// generation only; then the hook-deadline ConstraintTemplate and Constraint (the Rego equivalent
/// of AdmissionGuard's hook-deadline); registered from the peer folder's webhook-template.yaml.
/// </summary>
internal static class Gatekeeper
{
    private const string Namespace = "gatekeeper-system";

    public static async Task<WebhookUnderTest> StartAsync(string directory, string manager, ControlPlane plane, Kubectl kubectl, string logs, TextWriter log)
    {
        await kubectl.ApplyAsync(File.ReadAllText(Path.Combine(directory, "crds.yaml")), serverSide: true).ConfigureAwait(false);
        await kubectl.RunAsync(null, ["create", "namespace", Namespace]).ConfigureAwait(false);
        await kubectl.ApplyAsync(File.ReadAllText(Path.Combine(directory, "pod-placeholder.yaml"))).ConfigureAwait(false);

        var command = $"env POD_NAMESPACE={Namespace} POD_NAME=gatekeeper-local NAMESPACE={Namespace} KUBECONFIG={plane.Kubeconfig} {manager} " +
            $"--port={{port}} --host=127.0.0.1 --cert-dir={plane.Pki.WebhookCertDirectory} --disable-cert-rotation " +
            "--health-addr=127.0.0.1:{health} --metrics-addr=0 --operation=webhook --operation=generate " +
            $"--exempt-namespace={Namespace} --default-create-vap-for-templates=false --default-create-vap-binding-for-constraints=false";
        var clock = Stopwatch.StartNew();
        var server = await StartWithRetriesAsync(new ServerSpec("gatekeeper", command, "/v1/admit"), plane, logs, log).ConfigureAwait(false);
        try
        {
            log.WriteLine($"gatekeeper ready in {clock.Elapsed.TotalSeconds:F1} s");
            await kubectl.ApplyAsync(File.ReadAllText(Path.Combine(directory, "hook-deadline-template.yaml"))).ConfigureAwait(false);
            await RetryAsync(() => kubectl.RunAsync(null, ["wait", "--for=condition=established", "--timeout=60s", "crd/k8shookdeadline.constraints.gatekeeper.sh"])).ConfigureAwait(false);
            await ApplyConstraintAsync(kubectl, File.ReadAllText(Path.Combine(directory, "hook-deadline-constraint.yaml"))).ConfigureAwait(false);
            var registration = File.ReadAllText(Path.Combine(directory, "webhook-template.yaml"))
                .Replace("__PORT__", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("__CABUNDLE__", Convert.ToBase64String(File.ReadAllBytes(plane.Pki.CaFile)), StringComparison.Ordinal);
            return new WebhookUnderTest("Gatekeeper", server, registration) { IsGatekeeper = true };
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Its manager stops at once, without saying why, when one of its ports was taken between
    /// choosing it and binding it (seen once on a busy machine): a new start takes new ports.
    /// </summary>
    private static async Task<RunningServer> StartWithRetriesAsync(ServerSpec spec, ControlPlane plane, string logs, TextWriter log)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunningServer.StartAsync(spec, plane.Pki.WebhookCert, plane.Pki.WebhookKey, logs, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
            }
            catch (InvalidOperationException e) when (attempt < 3)
            {
                log.WriteLine($"gatekeeper did not start (attempt {attempt}): {e.Message.Split('\n')[0]}");
            }
        }
    }

    /// <summary>The constraint's kind is served only once the API server has the generated CRD in its discovery.</summary>
    private static Task ApplyConstraintAsync(Kubectl kubectl, string constraint) => RetryAsync(() => kubectl.ApplyAsync(constraint));

    /// <summary>kubectl against objects Gatekeeper is still creating (a CRD without status yet, a kind not yet served): again, for up to 30 s.</summary>
    private static async Task RetryAsync(Func<Task<string>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action().ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (attempt < 30)
            {
                await Task.Delay(1000).ConfigureAwait(false);
            }
        }
    }
}

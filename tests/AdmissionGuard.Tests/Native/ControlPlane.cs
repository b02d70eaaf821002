using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AdmissionGuard.Tests.Cli;

namespace AdmissionGuard.Tests.Native;

/// <summary>
/// A real etcd and kube-apiserver (Kubernetes 1.34.2, MutatingAdmissionPolicy's beta on) on free
/// loopback ports, started with the control plane's own start script from ../shared/kube (which
/// uncompresses the binaries once into a cache) and stopped with its stop script, which ends
/// exactly the processes the start recorded. No controller manager: admission is all that is needed.
/// </summary>
public sealed class ControlPlane : IDisposable
{
    private static readonly string KubeDirectory = Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "kube"));

    private readonly string work = Path.Combine(Path.GetTempPath(), "ag-kube-" + Guid.NewGuid().ToString("N")[..12]);

    public ControlPlane()
    {
        // A port found free can be taken again before the server binds it (other builds and tests run beside): try anew.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var (started, why) = TryStart();
            if (started)
            {
                break;
            }

            Stop();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"the control plane did not start: {why}");
            }
        }

        Api = new KubeApi(new Uri($"https://127.0.0.1:{Port}"), File.ReadAllText(Path.Combine(work, "admin-token")).Trim(), Path.Combine(work, "pki", "ca.crt"));
    }

    private (bool Started, string Why) TryStart()
    {
        var info = new ProcessStartInfo(Path.Combine(KubeDirectory, "start-apiserver.sh"), [work])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["KUBE_APISERVER_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["ETCD_CLIENT_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["ETCD_PEER_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["KUBE_CONTROLLER_MANAGER"] = "0";
        using var start = Process.Start(info)!;
        var output = start.StandardOutput.ReadToEndAsync();
        var error = start.StandardError.ReadToEndAsync();
        if (start.WaitForExit(TimeSpan.FromMinutes(5)) && start.ExitCode == 0)
        {
            return (true, string.Empty);
        }

        var log = Path.Combine(work, "logs", "kube-apiserver.log");
        var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(15)) : string.Empty;
        return (false, $"{output.Result}\n{error.Result}\n{tail}");
    }

    public int Port { get; private set; }

    public KubeApi Api { get; }

    public string Kubeconfig => Path.Combine(work, "kubeconfig");

    public void Dispose()
    {
        Api.Dispose();
        Stop();
    }

    private void Stop()
    {
        if (!Directory.Exists(work))
        {
            return;
        }

        using var stop = Process.Start(new ProcessStartInfo(Path.Combine(KubeDirectory, "stop-apiserver.sh"), [work, "--purge"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        stop.WaitForExit(TimeSpan.FromMinutes(1));
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

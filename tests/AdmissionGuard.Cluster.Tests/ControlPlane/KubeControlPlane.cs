using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Cluster.Tests.ControlPlane;

/// <summary>
/// A real etcd and kube-apiserver (1.34, <see cref="KubeAssets"/>) on free loopback ports, for one
/// xunit test collection (use it as a collection fixture; see <see cref="ClusterCollection"/>).
/// RBAC, the admission webhooks, ValidatingAdmissionPolicy and MutatingAdmissionPolicy (beta) are
/// on; every write is audited at Metadata level to <see cref="AuditLogFile"/>. The
/// kube-controller-manager runs only in <see cref="KubeControlPlaneWithControllers"/>.
/// Everything lives in <see cref="WorkDirectory"/> (under the system temp folder,
/// admission-guard-kube/); the logs stay there after the collection ends, keys and etcd data go.
/// </summary>
public class KubeControlPlane : IAsyncLifetime
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(2);
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "admission-guard-kube");

    private readonly List<LoggedProcess> components = [];
    private readonly SemaphoreSlim webhookLock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<bool>> done = new();
    private ClusterPki? pki;
    private HttpClient? api;
    private WebhookServer? sharedWebhook;

    /// <summary>Also runs kube-controller-manager (namespace deletion, default ServiceAccounts, garbage collection).</summary>
    protected virtual bool RunsControllerManager => false;

    public string WorkDirectory { get; private set; } = "";

    public string LogDirectory => Path.Combine(WorkDirectory, "logs");

    /// <summary>The API server's audit log (JSON lines, level Metadata for every write).</summary>
    public string AuditLogFile => Path.Combine(LogDirectory, "audit.log");

    /// <summary>https://127.0.0.1:PORT</summary>
    public string Server { get; private set; } = "";

    /// <summary>A kubeconfig for a cluster-admin (a static token in group system:masters).</summary>
    public string KubeconfigFile => Path.Combine(WorkDirectory, "kubeconfig");

    public string AdminToken { get; private set; } = "";

    public ClusterPki Pki => pki ?? throw new InvalidOperationException("not started");

    /// <summary>HTTPS client for the API server as the admin (trusts the cluster CA only).</summary>
    public HttpClient Api => api ?? throw new InvalidOperationException("not started");

    /// <summary>One line for failure messages: where this control plane's logs are.</summary>
    public string Where => $"(control-plane logs: {LogDirectory})";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        StaleWorkDirectories.Clean(Root);
        WorkDirectory = Path.Combine(Root, $"{GetType().Name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
        Directory.CreateDirectory(LogDirectory);
        File.WriteAllText(Path.Combine(WorkDirectory, "owner.pid"), System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        pki = new ClusterPki(Path.Combine(WorkDirectory, "pki"));
        AdminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(Path.Combine(pki.Directory, "tokens.csv"), $"{AdminToken},admin-token-user,admin-token-uid,\"system:masters\"\n");
        File.WriteAllText(Path.Combine(WorkDirectory, "audit-policy.yaml"), AuditPolicy);

        // Ports are free when taken, not when used: another test run may win one in between.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                break;
            }
            catch (ControlPlaneStartException e) when (attempt < 3 && e.PortTaken)
            {
                await StopComponentsAsync();
            }
        }

        WriteKubeconfig();
    }

    /// <summary>
    /// Runs <paramref name="setup"/> once per control plane for <paramref name="key"/>: xunit makes
    /// a test class anew for every test, so a class puts its shared objects here.
    /// </summary>
    public void Once(string key, Action setup) => _ = done.GetOrAdd(key, _ => new Lazy<bool>(() =>
    {
        setup();
        return true;
    })).Value;

    /// <summary>What <see cref="ChartWebhooks"/> registered last (webhook URL and Helm arguments); null when nothing is.</summary>
    internal string? Registration { get; set; }

    /// <summary>
    /// The collection's webhook: one <c>serve</c> process (built-in policies) registered with the
    /// chart's default values, started on first use and again if a test stopped it, registered
    /// again if a test registered something else. Tests call this first instead of starting their own.
    /// </summary>
    public async Task<WebhookServer> RegisteredWebhookAsync()
    {
        await webhookLock.WaitAsync();
        try
        {
            sharedWebhook ??= await WebhookServer.StartAsync(this);
            await sharedWebhook.StartAsync();
            await ChartWebhooks.RegisterAsync(this, sharedWebhook);
            return sharedWebhook;
        }
        finally
        {
            webhookLock.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (sharedWebhook is not null)
        {
            await sharedWebhook.DisposeAsync();
        }

        // A component that died under the tests explains their failures: say where its log is.
        foreach (var crashed in components.Where(c => c.HasExited))
        {
            await Console.Error.WriteLineAsync($"{crashed.Name} exited with {crashed.ExitCode} while the tests ran; logs in {LogDirectory}");
        }

        await StopComponentsAsync();
        api?.Dispose();
        pki?.Dispose();
        foreach (var secret in new[] { "etcd-data", "pki", "kubectl-cache", "helm" })
        {
            var path = Path.Combine(WorkDirectory, secret);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        foreach (var kubeconfig in Directory.EnumerateFiles(WorkDirectory, "kubeconfig*"))
        {
            File.Delete(kubeconfig);
        }

        File.Delete(Path.Combine(WorkDirectory, "owner.pid"));
    }

    /// <summary>The unpacked kubectl against this cluster as the admin: <c>kubectl args...</c>, <paramref name="stdin"/> fed to it.</summary>
    public ProcessResult Kubectl(IEnumerable<string> arguments, string? stdin = null) =>
        ChildProcess.Run(KubeAssets.Kubectl, arguments, stdin, environment: Environment());

    public ProcessResult Kubectl(params string[] arguments) => Kubectl(arguments, null);

    /// <summary><c>kubectl apply -f -</c> of <paramref name="yaml"/> with <paramref name="arguments"/> added.</summary>
    public ProcessResult Apply(string yaml, params string[] arguments) => Kubectl(["apply", "-f", "-", .. arguments], yaml);

    /// <summary>kubectl that must succeed; its stdout.</summary>
    public string KubectlOk(params string[] arguments)
    {
        var result = Kubectl(arguments);
        Assert.True(result.Succeeded, $"kubectl {string.Join(' ', arguments)}: {result} {Where}");
        return result.Stdout;
    }

    /// <summary>Helm 3 or 4 (<paramref name="major"/>) against this cluster, with its own cache, config and data folders.</summary>
    public ProcessResult Helm(int major, IEnumerable<string> arguments, string? stdin = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = Environment();
        foreach (var name in new[] { "HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME" })
        {
            // Helm 3 and 4 keep apart: Helm 3 cannot read a Helm 4 plugin.
            variables[name] = Path.Combine(variables[name]!, "helm" + major.ToString(CultureInfo.InvariantCulture));
        }

        variables["HELM_PLUGINS"] = null;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        return ChildProcess.Run(KubeAssets.Helm(major), arguments, stdin, environment: variables);
    }

    /// <summary>A namespace with <paramref name="labels"/>, created if missing.</summary>
    public void CreateNamespace(string name, params (string Key, string Value)[] labels)
    {
        var yaml = new StringBuilder($"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n");
        if (labels.Length > 0)
        {
            yaml.Append("  labels:\n");
            foreach (var (key, value) in labels)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    {key}: \"{value}\"\n");
            }
        }

        var result = Apply(yaml.ToString());
        Assert.True(result.Succeeded, $"namespace {name}: {result} {Where}");
    }

    /// <summary>
    /// A kubeconfig (in the work folder) for service account <paramref name="ns"/>/<paramref name="name"/>,
    /// with a token from the TokenRequest API: what a pod of that account would use.
    /// </summary>
    public string ServiceAccountKubeconfig(string ns, string name)
    {
        var token = KubectlOk("create", "token", name, "-n", ns, "--duration", "2h").Trim();
        var path = Path.Combine(WorkDirectory, $"kubeconfig-{ns}-{name}");
        WriteKubeconfig(path, name, token, ns);
        return path;
    }

    /// <summary>Variables for child processes that talk to this cluster: KUBECONFIG and private kubectl and Helm caches.</summary>
    public Dictionary<string, string?> Environment() => new()
    {
        ["KUBECONFIG"] = KubeconfigFile,
        ["KUBECACHEDIR"] = Path.Combine(WorkDirectory, "kubectl-cache"),
        ["HELM_CACHE_HOME"] = Path.Combine(WorkDirectory, "helm", "cache"),
        ["HELM_CONFIG_HOME"] = Path.Combine(WorkDirectory, "helm", "config"),
        ["HELM_DATA_HOME"] = Path.Combine(WorkDirectory, "helm", "data"),
    };

    private async Task StartAsync()
    {
        var ports = FreePorts.Take(3);
        var (apiPort, etcdPort, peerPort) = (ports[0], ports[1], ports[2]);
        var etcdData = Path.Combine(WorkDirectory, "etcd-data");
        if (Directory.Exists(etcdData))
        {
            Directory.Delete(etcdData, recursive: true);
        }

        Directory.CreateDirectory(etcdData);
        File.SetUnixFileMode(etcdData, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var etcd = Launch("etcd", KubeAssets.Etcd,
        [
            "--name", "local", "--data-dir", etcdData,
            "--listen-client-urls", $"http://127.0.0.1:{etcdPort}", "--advertise-client-urls", $"http://127.0.0.1:{etcdPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"local=http://127.0.0.1:{peerPort}", "--initial-cluster-state", "new",
            "--unsafe-no-fsync", "--log-level", "warn",
        ]);
        using (var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            await WaitAsync(etcd, async () => (await plain.GetStringAsync($"http://127.0.0.1:{etcdPort}/health")).Contains("\"health\":\"true\"", StringComparison.Ordinal));
        }

        var pkiFiles = Pki;
        string[] arguments =
        [
            "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", $"--secure-port={apiPort}",
            $"--etcd-servers=http://127.0.0.1:{etcdPort}",
            $"--tls-cert-file={pkiFiles.ApiServerCertFile}", $"--tls-private-key-file={pkiFiles.ApiServerKeyFile}",
            $"--client-ca-file={pkiFiles.CaFile}", $"--token-auth-file={Path.Combine(pkiFiles.Directory, "tokens.csv")}",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            $"--service-account-key-file={pkiFiles.ServiceAccountPublicKeyFile}", $"--service-account-signing-key-file={pkiFiles.ServiceAccountKeyFile}",
            "--service-cluster-ip-range=10.0.0.0/24",
            "--enable-aggregator-routing=true",
            "--authorization-mode=RBAC",
            "--enable-admission-plugins=MutatingAdmissionPolicy,ValidatingAdmissionPolicy,MutatingAdmissionWebhook,ValidatingAdmissionWebhook",
            .. RunsControllerManager ? Array.Empty<string>() : ["--disable-admission-plugins=ServiceAccount"],
            "--feature-gates=MutatingAdmissionPolicy=true",
            "--runtime-config=api/all=true,admissionregistration.k8s.io/v1alpha1=true,admissionregistration.k8s.io/v1beta1=true",
            $"--audit-policy-file={Path.Combine(WorkDirectory, "audit-policy.yaml")}", $"--audit-log-path={AuditLogFile}", "--audit-log-maxsize=0",
            "--allow-privileged=true", "--profiling=false", "--v=1",
        ];
        var apiServer = Launch("kube-apiserver", KubeAssets.ApiServer, arguments);
        Server = $"https://127.0.0.1:{apiPort}";
        api?.Dispose();
        api = CaTrust.Client(pkiFiles.Ca);
        api.BaseAddress = new Uri(Server);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        api.Timeout = TimeSpan.FromSeconds(30);
        await WaitAsync(apiServer, async () => await Api.GetStringAsync("/readyz") == "ok");

        if (RunsControllerManager)
        {
            WriteKubeconfig();
            var controllers = Launch("kube-controller-manager", KubeAssets.ControllerManager,
            [
                $"--kubeconfig={KubeconfigFile}", $"--authentication-kubeconfig={KubeconfigFile}", $"--authorization-kubeconfig={KubeconfigFile}",
                "--bind-address=127.0.0.1", "--secure-port=0", "--leader-elect=false",
                $"--service-account-private-key-file={pkiFiles.ServiceAccountKeyFile}", $"--root-ca-file={pkiFiles.CaFile}",
                "--service-cluster-ip-range=10.0.0.0/24", "--v=1",
            ]);
            await WaitAsync(controllers, async () => (await Api.GetAsync("/api/v1/namespaces/default/serviceaccounts/default")).IsSuccessStatusCode);
        }
    }

    private LoggedProcess Launch(string name, string binary, IEnumerable<string> arguments)
    {
        var process = LoggedProcess.Start(name, binary, arguments, Path.Combine(LogDirectory, name + ".log"), Path.Combine(WorkDirectory, name + ".pid"));
        components.Add(process);
        return process;
    }

    /// <summary>Polls <paramref name="ready"/> until true; fails with the log's tail when the process exits or the limit passes.</summary>
    private async Task WaitAsync(LoggedProcess process, Func<Task<bool>> ready)
    {
        var deadline = DateTime.UtcNow + ReadyLimit;
        while (true)
        {
            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var tail = process.Tail();
                throw new ControlPlaneStartException(
                    $"{process.Name} {(process.HasExited ? $"exited with {process.ExitCode}" : $"not ready after {ReadyLimit}")}; log {process.LogFile}:\n{tail}",
                    tail.Contains("address already in use", StringComparison.Ordinal));
            }

            await Task.Delay(250);
        }
    }

    private async Task StopComponentsAsync()
    {
        // Controllers first, etcd last: the reverse of the start.
        for (var i = components.Count - 1; i >= 0; i--)
        {
            await components[i].StopAsync();
            components[i].Dispose();
            File.Delete(Path.Combine(WorkDirectory, components[i].Name + ".pid"));
        }

        components.Clear();
    }

    private void WriteKubeconfig() => WriteKubeconfig(KubeconfigFile, "admin", AdminToken, "default");

    /// <summary>A kubeconfig readable by its owner only: this cluster, as <paramref name="user"/> with <paramref name="token"/>, in namespace <paramref name="ns"/>.</summary>
    private void WriteKubeconfig(string path, string user, string token, string ns)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(Pki.CaPem));
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: {Server}
                certificate-authority-data: {ca}
            users:
            - name: {user}
              user:
                token: {token}
            contexts:
            - name: local
              context:
                cluster: local
                user: {user}
                namespace: {ns}
            current-context: local

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>
    /// Metadata for every write (where admission and its audit annotations happen); reads and Leases
    /// are left out, but for the lists in namespace scan-paging (the scan's paging test counts them).
    /// </summary>
    private const string AuditPolicy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
        - level: Metadata
          verbs: [list]
          namespaces: [scan-paging]
        - level: None
          verbs: [get, list, watch]
        - level: None
          resources:
          - group: coordination.k8s.io
            resources: [leases]
        - level: None
          userGroups: [system:nodes]
        - level: Metadata

        """;
}

/// <summary>The control plane with kube-controller-manager too (namespace deletion, ServiceAccounts and their tokens, garbage collection).</summary>
public class KubeControlPlaneWithControllers : KubeControlPlane
{
    protected override bool RunsControllerManager => true;
}

internal sealed class ControlPlaneStartException(string message, bool portTaken) : Exception(message)
{
    public bool PortTaken { get; } = portTaken;
}

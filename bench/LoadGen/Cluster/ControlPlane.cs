using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AdmissionGuard.LoadGen.Compare;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// etcd and kube-apiserver on free loopback ports with generated certificates, as
/// <c>../shared/kube/start-apiserver.sh</c> starts them but without the controller manager:
/// RBAC, the admission webhooks, a static admin token (group system:masters). Admission does not
/// need a kubelet or controllers; the ServiceAccount admission plugin is off, because without
/// the controller manager no namespace gets its default ServiceAccount.
/// </summary>
internal sealed class ControlPlane : IDisposable
{
    private readonly List<ChildProcess> processes = [];

    private ControlPlane(string directory, ClusterPki pki, string token, int port)
    {
        Directory = directory;
        Pki = pki;
        Token = token;
        Port = port;
    }

    public string Directory { get; }
    public ClusterPki Pki { get; }
    public string Token { get; }
    public int Port { get; }
    public Uri Server => new($"https://127.0.0.1:{Port}");
    public string Kubeconfig => Path.Combine(Directory, "kubeconfig");
    public ChildProcess ApiServer => processes.Single(p => p.Name == "kube-apiserver");

    /// <param name="binaries">Folder holding etcd and kube-apiserver.</param>
    /// <param name="apiServerEnvironment">Extra environment for the API server (DISABLE_HTTP2=1 makes its webhook calls HTTP/1.1).</param>
    public static async Task<ControlPlane> StartAsync(string binaries, string directory, IReadOnlyDictionary<string, string> apiServerEnvironment, TextWriter log)
    {
        System.IO.Directory.CreateDirectory(directory);
        var logs = Path.Combine(directory, "logs");
        System.IO.Directory.CreateDirectory(logs);
        var pki = ClusterPki.Create(Path.Combine(directory, "pki"));
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var tokens = Path.Combine(pki.Directory, "tokens.csv");
        File.WriteAllText(tokens, $"{token},admin-token-user,admin-token-uid,\"system:masters\"\n");

        var port = FreePort.Next();
        var etcdPort = FreePort.Next();
        var peerPort = FreePort.Next();
        var plane = new ControlPlane(directory, pki, token, port);
        try
        {
            var etcdData = Path.Combine(directory, "etcd-data");
            System.IO.Directory.CreateDirectory(etcdData);
            plane.processes.Add(ChildProcess.Start("etcd", Path.Combine(binaries, "etcd"),
            [
                "--name", "local", "--data-dir", etcdData,
                "--listen-client-urls", $"http://127.0.0.1:{etcdPort}", "--advertise-client-urls", $"http://127.0.0.1:{etcdPort}",
                "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
                "--initial-cluster", $"local=http://127.0.0.1:{peerPort}", "--initial-cluster-state", "new",
                "--quota-backend-bytes", "2147483648", "--log-level", "warn",
                // Reviews are dry runs or a few thousand small Jobs: an fsync per write would
                // measure the disk of a shared machine, not admission.
                "--unsafe-no-fsync",
            ], logs));

            var clock = Stopwatch.StartNew();
            plane.processes.Add(ChildProcess.Start("kube-apiserver", Path.Combine(binaries, "kube-apiserver"),
            [
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", $"--secure-port={port}",
                $"--etcd-servers=http://127.0.0.1:{etcdPort}",
                $"--tls-cert-file={pki.ApiServerCert}", $"--tls-private-key-file={pki.ApiServerKey}",
                $"--client-ca-file={pki.CaFile}", $"--token-auth-file={tokens}",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                $"--service-account-key-file={pki.ServiceAccountPublicKey}", $"--service-account-signing-key-file={pki.ServiceAccountKey}",
                "--service-cluster-ip-range=10.0.0.0/24",
                "--enable-aggregator-routing=true",
                "--authorization-mode=RBAC",
                "--enable-admission-plugins=ValidatingAdmissionPolicy,MutatingAdmissionWebhook,ValidatingAdmissionWebhook",
                "--disable-admission-plugins=ServiceAccount",
                "--allow-privileged=true", "--profiling=false", "--v=1",
            ], logs, apiServerEnvironment));

            plane.WriteKubeconfig();
            await plane.WaitReadyAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
            log.WriteLine($"kube-apiserver ready in {clock.Elapsed.TotalSeconds:F1} s at {plane.Server} (etcd pid {plane.processes[0].Id}, kube-apiserver pid {plane.ApiServer.Id})");
            return plane;
        }
        catch
        {
            plane.Dispose();
            throw;
        }
    }

    /// <summary>A client trusting the cluster's CA, authenticated with the admin token.</summary>
    public HttpClient CreateClient(SocketsHttpHandler handler, Version version)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Pki.CaFile));
        handler.UseProxy = false;
        handler.UseCookies = false;
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { ca },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = Server,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public void Dispose()
    {
        // The API server first, then its store.
        for (var i = processes.Count - 1; i >= 0; i--)
        {
            processes[i].Dispose();
        }

        processes.Clear();
    }

    private void WriteKubeconfig()
    {
        var ca = Convert.ToBase64String(File.ReadAllBytes(Pki.CaFile));
        File.WriteAllText(Kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: {Server}
                certificate-authority-data: {ca}
            users:
            - name: admin
              user:
                token: {Token}
            contexts:
            - name: local
              context: {"{"}cluster: local, user: admin, namespace: default{"}"}
            current-context: local

            """);
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = CreateClient(new SocketsHttpHandler(), HttpVersion.Version11);
        client.Timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            foreach (var process in processes.Where(p => p.HasExited))
            {
                throw new InvalidOperationException($"{process.Name} exited before the API server was ready; see {process.LogFile}:\n{process.Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new TimeoutException($"kube-apiserver not ready after {timeout.TotalSeconds} s; see {ApiServer.LogFile}");
    }
}

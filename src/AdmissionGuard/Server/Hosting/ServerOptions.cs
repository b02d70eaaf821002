namespace AdmissionGuard.Server.Hosting;

/// <summary>
/// Everything <c>admission-guard serve</c> can be told, with its default. Each is a flag and an
/// environment variable (see <see cref="ServeCommand"/> and docs/server.md).
/// </summary>
internal sealed record ServerOptions
{
    /// <summary>Address both listeners bind to. <c>*</c>: every IPv4 and IPv6 address (what a pod needs).</summary>
    public string Address { get; init; } = "*";

    /// <summary>HTTPS port of <c>/validate</c> and <c>/mutate</c>. 0 picks a free port (tests).</summary>
    public int Port { get; init; } = 8443;

    /// <summary>Plain-HTTP port of <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>. 0 picks a free port.</summary>
    public int HealthPort { get; init; } = 8080;

    /// <summary>PEM certificate (chain) file. With <see cref="TlsKeyFile"/>; both absent: a generated certificate.</summary>
    public string? TlsCertFile { get; init; }

    /// <summary>PEM private key file of <see cref="TlsCertFile"/>.</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>
    /// Where a generated certificate is written (ca.crt, tls.crt, tls.key), so that clients can
    /// trust it. Default: <c>$XDG_RUNTIME_DIR/admission-guard</c>, else <c>/tmp/admission-guard</c>.
    /// </summary>
    public string GeneratedCertDirectory { get; init; } = DefaultGeneratedCertDirectory();

    /// <summary>Policy directory replacing the built-in policies; reloaded when it changes. Null: built-in.</summary>
    public string? PoliciesDirectory { get; init; }

    /// <summary>
    /// Largest request body accepted (413 past it). A review carries object and oldObject, each
    /// up to etcd's 1.5 MiB default request limit, JSON-escaped and with the envelope: 7 MiB leaves room.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 7 * 1024 * 1024;

    /// <summary>Timeouts, rates and sizes that cut off slow or oversized clients (see <see cref="ConnectionLimits"/>).</summary>
    public ConnectionLimits Limits { get; init; } = new();

    /// <summary>How long in-flight reviews may take to finish once shutdown began (then the process exits).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// After SIGTERM, how long <c>/readyz</c> answers 503 while the webhook keeps serving, so that
    /// the endpoints controller removes the pod before its listener closes. Counts into the timeout.
    /// </summary>
    public TimeSpan ShutdownDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the certificate files and the policy directory are checked for changes, besides
    /// file-system events (a ConfigMap mount swaps a <c>..data</c> symlink, which watchers can miss).
    /// </summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Trust Flux-applied Secrets whose Kustomization decrypts (lists Kustomizations; needs RBAC).
    /// Only in a cluster; see docs/policies-files.md.
    /// </summary>
    public bool FluxDecryptionLookup { get; init; }

    /// <summary>Honour the cluster's PolicyExceptions, kept in memory from a list and watch (needs list and watch on them).</summary>
    public bool WatchExceptions { get; init; }

    /// <summary>
    /// How often the replica holding the background-scan Lease scans the cluster and applies the
    /// OpenReports (docs/scan.md); null: off.
    /// </summary>
    public TimeSpan? BackgroundScan { get; init; }

    /// <summary>Kubeconfig for the cluster calls when not running in a pod; null: the in-cluster configuration.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Namespace of the background-scan Lease: the pod's own namespace in a cluster, else <c>default</c>.</summary>
    public string LeaseNamespace { get; init; } = DefaultLeaseNamespace();

    /// <summary>This replica's name in the Lease: the pod name (<c>POD_NAME</c>, else the host name).</summary>
    public string Identity { get; init; } = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;

    /// <summary>Minimum log level: Trace, Debug, Information, Warning, Error.</summary>
    public string LogLevel { get; init; } = "Information";

    public static string DefaultLeaseNamespace()
    {
        const string ServiceAccountNamespace = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        return File.Exists(ServiceAccountNamespace) ? File.ReadAllText(ServiceAccountNamespace).Trim() : "default";
    }

    public static string DefaultGeneratedCertDirectory()
    {
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return Path.Combine(string.IsNullOrEmpty(runtime) ? Path.GetTempPath() : runtime, "admission-guard");
    }
}

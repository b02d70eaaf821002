using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Cli;

namespace AdmissionGuard.Tests.Scan;

/// <summary>Runs <c>admission-guard scan</c> as a process against a stand-in, with a kubeconfig written for it.</summary>
internal sealed class ScanProcess : IDisposable
{
    private readonly TempDirectory directory = new();

    public ScanProcess(StandInApiServer server)
    {
        Kubeconfig = directory.Write("kubeconfig", server.Kubeconfig());
    }

    public string Kubeconfig { get; }

    public TempDirectory Directory => directory;

    /// <summary>The scan with <c>--kubeconfig</c> and the given arguments; no kubeconfig or in-cluster settings of the caller leak in.</summary>
    public ProcessResult Run(params string[] args) =>
        CliProcess.Run(
            ["scan", "--kubeconfig", Kubeconfig, .. args],
            environment: new Dictionary<string, string?>
            {
                ["KUBECONFIG"] = null,
                ["KUBERNETES_SERVICE_HOST"] = null,
                ["KUBERNETES_SERVICE_PORT"] = null,
            });

    public void Dispose() => directory.Dispose();
}

using AdmissionGuard.Testing;

namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>Runs helm and the CLI to completion, away from a developer's kube context and Helm plugins.</summary>
internal static class ProcessRunner
{
    private static readonly Dictionary<string, string?> Isolated = new() { ["KUBECONFIG"] = "/dev/null", ["HELM_PLUGINS"] = "/dev/null" };

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? standardInput = null) =>
        ChildProcess.Run(fileName, arguments, standardInput, Repository.Root, Isolated);
}

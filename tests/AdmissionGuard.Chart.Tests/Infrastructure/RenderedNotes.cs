using System.Collections.Concurrent;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>
/// The chart's NOTES.txt as <c>helm install</c> prints it. Helm 4's client-side dry run renders
/// it without a cluster (Helm 3's asks the cluster for its version first).
/// </summary>
internal static class RenderedNotes
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Cache = new();

    public static string Of(ValueSet values) =>
        Cache.GetOrAdd(values.Name, _ => new Lazy<string>(() => Render(values))).Value;

    private static string Render(ValueSet values)
    {
        var result = Helm.Run(
            HelmVersion.Helm4,
            ["install", Helm.ReleaseName, Repository.Chart, "--namespace", Helm.Namespace, "--dry-run=client", .. values.Arguments]);
        if (!result.Succeeded)
        {
            throw new Xunit.Sdk.XunitException($"helm install --dry-run=client ({values}) failed: {result}");
        }

        var start = result.Stdout.IndexOf("\nNOTES:\n", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new Xunit.Sdk.XunitException($"no NOTES in helm install output ({values}): {result}");
        }

        return result.Stdout[(start + "\nNOTES:\n".Length)..];
    }
}

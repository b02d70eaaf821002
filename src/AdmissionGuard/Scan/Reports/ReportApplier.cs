using AdmissionGuard.Scan.Api;

namespace AdmissionGuard.Scan.Reports;

/// <summary>
/// Writes the reports with server-side apply (field manager <see cref="FieldManager"/>). The
/// CRDs declare <c>results</c> without a list type, so the list is atomic and an apply replaces
/// it whole: results of objects that were fixed or deleted go with the next apply. A report this
/// tool wrote earlier whose namespace now has no judged object is applied empty. Needs
/// <c>list</c> and <c>patch</c> on <c>reports</c> and <c>clusterreports.openreports.io</c>.
/// </summary>
internal sealed class ReportApplier(KubeApi api)
{
    public const string FieldManager = "admission-guard";

    private const string GroupVersion = "/apis/openreports.io/v1alpha1";

    /// <summary>Applies every report; returns the paths written, in order.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(ScanResult scan, OpenReportsBuilder.Options options, CancellationToken cancellationToken)
    {
        var built = OpenReportsBuilder.Build(scan, options).ToList();
        foreach (var stale in await StaleAsync(scan, built, cancellationToken).ConfigureAwait(false))
        {
            built.Add(new OpenReportsBuilder.Built(stale, OpenReportsBuilder.Empty(stale, scan, options), 0));
        }

        var written = new List<string>();
        foreach (var report in built)
        {
            var path = PathOf(report.Namespace);
            await api.ApplyAsync(path, report.Report, FieldManager, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        return written;
    }

    public static string PathOf(string? ns) => ns is null
        ? $"{GroupVersion}/clusterreports/{OpenReportsBuilder.ReportName}"
        : $"{GroupVersion}/namespaces/{Uri.EscapeDataString(ns)}/reports/{OpenReportsBuilder.ReportName}";

    /// <summary>Namespaces (null: the ClusterReport) that hold a report of ours that this scan did not produce.</summary>
    private async Task<IReadOnlyList<string?>> StaleAsync(ScanResult scan, List<OpenReportsBuilder.Built> built, CancellationToken cancellationToken)
    {
        if (scan.Namespace is not null)
        {
            // One namespace scanned: its report is always built, and no other is ours to touch.
            return [];
        }

        var selector = Uri.EscapeDataString($"{OpenReportsBuilder.ManagedByLabel}={OpenReportsBuilder.Source}");
        var have = built.Select(b => b.Namespace ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string?>();
        foreach (var (path, clusterScoped) in new[] { ($"{GroupVersion}/reports", false), ($"{GroupVersion}/clusterreports", true) })
        {
            var list = await api.GetAsync($"{path}?labelSelector={selector}", cancellationToken).ConfigureAwait(false);
            foreach (var item in list["items"] as JsonArray ?? [])
            {
                var meta = item?["metadata"];
                if (meta?["name"]?.GetValue<string>() != OpenReportsBuilder.ReportName)
                {
                    continue;
                }

                var ns = clusterScoped ? null : meta["namespace"]?.GetValue<string>();
                if (!have.Contains(ns ?? string.Empty))
                {
                    stale.Add(ns);
                }
            }
        }

        return stale;
    }
}

using AdmissionGuard.Cli;

namespace AdmissionGuard.Scan;

/// <summary>The parsed command line of <c>scan</c>.</summary>
internal sealed record ScanOptions
{
    /// <summary>A kubeconfig file; null: in a pod its service account, else $KUBECONFIG or ~/.kube/config.</summary>
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>One namespace; null for all namespaces (and cluster-scoped objects).</summary>
    public string? Namespace { get; init; }

    public string? PoliciesDirectory { get; init; }

    /// <summary>The report format of check that <c>--output</c> names; unused with <see cref="OpenReports"/>.</summary>
    public OutputFormat Output { get; init; } = OutputFormat.Text;

    /// <summary><c>--output openreports</c>: openreports.io/v1alpha1 Report and ClusterReport objects, as a YAML stream.</summary>
    public bool OpenReports { get; init; }

    public FailOn FailOn { get; init; } = FailOn.Deny;

    /// <summary>List passes in the OpenReports too (they are always counted).</summary>
    public bool ReportPass { get; init; }

    /// <summary>Results per report; the rest are cut, counted and noted.</summary>
    public int MaxResults { get; init; } = Reports.OpenReportsBuilder.DefaultMaxResults;

    /// <summary>Objects per list request.</summary>
    public int PageSize { get; init; } = Api.ObjectLister.DefaultPageSize;

    /// <summary>Write the OpenReports to the cluster (server-side apply) as well.</summary>
    public bool Apply { get; init; }
}

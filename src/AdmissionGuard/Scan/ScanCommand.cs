using System.CommandLine;
using AdmissionGuard.Cli;

namespace AdmissionGuard.Scan;

/// <summary>Declares <c>admission-guard scan</c> and maps its command line to <see cref="ScanOptions"/>.</summary>
internal static class ScanCommand
{
    public const string Name = "scan";

    public static Command Create(CliConsole console)
    {
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Kubeconfig file. Default: in a pod, its service account; else $KUBECONFIG or ~/.kube/config.",
            HelpName = "FILE",
        };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context to use (default: the current one).", HelpName = "NAME" };
        var ns = new Option<string?>("--namespace", "-n")
        {
            Description = "Scan one namespace (cluster-scoped kinds are then skipped). Default: every namespace and cluster-scoped objects.",
            HelpName = "NS",
        };
        var policies = CommonOptions.Policies();
        var output = CommonOptions.Output(
            "Report format: text, json, sarif, junit (as check), or openreports (openreports.io/v1alpha1 Report per namespace and ClusterReport, as YAML).",
            "text", "json", "sarif", "junit", "openreports");
        var failOn = CommonOptions.FailOn();
        var reportPass = new Option<bool>("--report-pass") { Description = "List passing object-policy pairs in the OpenReports too (they are always counted in the summary)." };
        var maxResults = CommonOptions.Count(
            "--max-results",
            "Results per OpenReports report; the rest are cut, counted in the summary and in the admission-guard.io/results-cut annotation.",
            Reports.OpenReportsBuilder.DefaultMaxResults);
        var pageSize = CommonOptions.Count(
            "--page-size",
            "Objects per list request (limit); the scan follows continue tokens until a list is complete.",
            Api.ObjectLister.DefaultPageSize);
        var apply = new Option<bool>("--apply")
        {
            Description = "Also write the OpenReports to the cluster (server-side apply, field manager admission-guard), replacing earlier results.",
        };

        var command = new Command(Name, """
            Scans a live cluster: lists every object of the kinds the enabled policies target and judges
            each as the webhook judges a CREATE of it, with the applier read from its managedFields.
            User, group and service-account exclusions do not apply (a stored object has no request);
            namespace and name exclusions do. A kind the credentials may not list is reported and skipped.

            Exit codes:
              0  clean, or warnings, audit findings and mutations only
              1  an enforce-level validation failed (with --fail-on warn: also any warning)
              2  usage error, invalid policy files, a cluster that cannot be configured or reached,
                 a list that failed (other than 403), or a failed --apply
            """)
        {
            kubeconfig,
            context,
            ns,
            policies,
            output,
            failOn,
            reportPass,
            maxResults,
            pageSize,
            apply,
        };

        command.SetAction(result => ScanRunner.Run(
            new ScanOptions
            {
                Kubeconfig = result.GetValue(kubeconfig),
                Context = result.GetValue(context),
                Namespace = result.GetValue(ns),
                PoliciesDirectory = result.GetValue(policies),
                Output = CommonOptions.ParseOutput(result.GetValue(output)),
                OpenReports = result.GetValue(output) == "openreports",
                FailOn = CommonOptions.ParseFailOn(result.GetValue(failOn)),
                ReportPass = result.GetValue(reportPass),
                MaxResults = result.GetValue(maxResults),
                PageSize = result.GetValue(pageSize),
                Apply = result.GetValue(apply),
            },
            console));
        return command;
    }
}

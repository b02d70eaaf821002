using System.CommandLine;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Cli;

/// <summary>Options that <c>check</c>, <c>post-render</c> and <c>scan</c> share, spelled the same in each.</summary>
internal static class CommonOptions
{
    public static Option<string?> Policies() => new("--policies")
    {
        Description = "Directory of policy files (*.yaml, *.yml) that replaces the built-in policies.",
        HelpName = "DIR",
    };

    public static Option<string?> Exceptions() => new("--exceptions")
    {
        Description = "PolicyExceptions to honour (a file, or a directory searched recursively for *.yaml, *.yml, *.json): "
            + "an excepted finding is reported as skip, naming the exception and its expiry; an expired exception is honoured nowhere.",
        HelpName = "PATH",
    };

    /// <summary><c>--output</c>/<c>-o</c>, text by default, one of <paramref name="formats"/>.</summary>
    public static Option<string> Output(string description, params string[] formats) => new Option<string>("--output", "-o")
    {
        Description = description,
        DefaultValueFactory = _ => "text",
        HelpName = string.Join('|', formats),
    }.AcceptOnlyFromAmong(formats);

    /// <summary>The report format <c>--output</c> names; text for any other value (scan's openreports).</summary>
    public static OutputFormat ParseOutput(string? value) => value switch
    {
        "json" => OutputFormat.Json,
        "sarif" => OutputFormat.Sarif,
        "junit" => OutputFormat.JUnit,
        "github" => OutputFormat.GitHub,
        _ => OutputFormat.Text,
    };

    /// <summary>A count option of at least 1 (<c>--page-size</c>, <c>--max-results</c>).</summary>
    public static Option<int> Count(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be at least 1");
            }
        });
        return option;
    }

    public static Option<string> FailOn() => new Option<string>("--fail-on")
    {
        Description = "What fails the run (exit 1): deny = an enforce-level denial only; warn = also any warning.",
        DefaultValueFactory = _ => "deny",
        HelpName = "deny|warn",
    }.AcceptOnlyFromAmong("deny", "warn");

    public static FailOn ParseFailOn(string? value) => value == "warn" ? Cli.FailOn.Warn : Cli.FailOn.Deny;

    public static Option<string> Applier() => new Option<string>("--applier")
    {
        Description = "The tool that applies these manifests, for keep-stateful's annotations and config-checksum's fix: "
            + "helm, flux, argocd, kubectl, or auto (each object's own marks, else Helm for helm template output, "
            + "else Helm's keep with a note).",
        DefaultValueFactory = _ => "auto",
        HelpName = "auto|helm|flux|argocd|kubectl",
    }.AcceptOnlyFromAmong("auto", "helm", "flux", "argocd", "kubectl");

    /// <summary>The tool <c>--applier</c> names; null for <c>auto</c>. Flux is named by its kustomize-controller: the object's origin tells helm-controller's <c>helm template</c> output apart.</summary>
    public static Core.Admission.Applier? ParseApplier(string? value) => value switch
    {
        "helm" => Core.Admission.Applier.Helm,
        "flux" => Core.Admission.Applier.FluxKustomize,
        "argocd" => Core.Admission.Applier.ArgoCD,
        "kubectl" => Core.Admission.Applier.Kubectl,
        _ => null,
    };

    public const string ExitCodeHelp = """
        Exit codes:
          0  clean, or warnings, audit findings and mutations only
          1  an enforce-level validation failed (with --fail-on warn: also any warning)
          2  usage error, an input that does not exist (no such file or directory), unreadable input
             (YAML syntax error, duplicate key, an object with a field of the wrong type), no
             Kubernetes objects in the input (unless --allow-empty), a missing or failed helm or
             kustomize for --chart or --kustomize, invalid policy files, or an invalid --baseline or
             --exceptions file; a kustomization found in a tree that cannot be rendered is named
             and skipped
        """;

    /// <summary>The built-in policies, from their descriptors: id, validate or mutate, summary.</summary>
    public static string PoliciesHelp { get; } = "Policies (each described in docs/<id>.md):\n" + string.Join('\n',
        PolicyCatalog.All.Select(d => $"  {d.Id,-22} {(d.Type == PolicyType.Mutating ? "mutate" : "validate"),-9} {d.Summary}"));
}

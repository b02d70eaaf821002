using System.CommandLine;
using AdmissionGuard.Cli.Rendering;

namespace AdmissionGuard.Cli;

/// <summary>Declares <c>admission-guard check</c> and maps its command line to <see cref="CheckOptions"/>.</summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Manifest files, AdmissionReviews, directories (repository trees: kustomizations rendered, other *.yaml, *.yml, *.json files read), or - for standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(result =>
        {
            // An unknown option would otherwise be taken for a file name (write ./-name for a file that starts with -).
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"unknown option {token.Value}");
                }
            }
        });
        var policies = CommonOptions.Policies();
        var output = CommonOptions.Output(
            "Report format: text (for people), json, sarif (SARIF 2.1.0 for code scanning), junit, github (GitHub Actions annotations).",
            "text", "json", "sarif", "junit", "github");
        var failOn = CommonOptions.FailOn();
        var applier = CommonOptions.Applier();
        var fix = new Option<bool>("--fix")
        {
            Description = "Write the mutated manifests (e.g. with helm.sh/resource-policy: keep added) to standard output, "
                + "in their original order, objects only; the report then goes to standard error.",
        };
        var inPlace = new Option<bool>("--in-place")
        {
            Description = "With --fix: rewrite the changed files instead. Comments and formatting of a rewritten file may not survive.",
        };
        var chart = new Option<string?>("--chart")
        {
            Description = "Render the chart in DIR with helm template (CRDs included) and check what it renders; findings name the template to edit.",
            HelpName = "DIR",
        };
        var values = ChartOption<string[]>("--values", "FILE", "a values file for helm (repeatable, in order).", "-f");
        var set = ChartOption<string[]>("--set", "K=V", "a value for helm, K=V (repeatable, in order); masked (***) in helm's error messages.");
        var release = ChartOption<string?>("--release", "NAME", "the release name (default: Helm's own, release-name).");
        var ns = ChartOption<string?>("--namespace", "NS", "the release namespace (.Release.Namespace).");
        var helm = ChartOption<string?>("--helm", "PATH", "the helm executable to use (default: helm on PATH).");
        var kustomize = new Option<string[]>("--kustomize")
        {
            Description = "Render the kustomization in each DIR with kustomize build (or kubectl kustomize when kustomize is not on PATH) and check what it renders. "
                + "Repeatable, and takes several folders (--kustomize overlays/*): every value up to the next option.",
            HelpName = "DIR",
            AllowMultipleArgumentsPerToken = true,
        };
        var allowEmpty = new Option<bool>("--allow-empty")
        {
            Description = "Exit 0 when the input holds no Kubernetes object (by default that is exit 2: a render that failed must not pass).",
        };

        var baseline = new Option<string?>("--baseline")
        {
            Description = "Findings recorded in FILE (kind, namespace, name, policy, rule) are reported as baselined and fail nothing; "
                + "entries that no longer occur are listed as stale.",
            HelpName = "FILE",
        };
        var writeBaseline = new Option<string?>("--write-baseline")
        {
            Description = "Record today's deny and warn findings in FILE (sorted YAML, for review in a pull request).",
            HelpName = "FILE",
        };

        var exceptions = CommonOptions.Exceptions();

        var command = new Command(CliApp.CheckName, """
            Checks Kubernetes manifests (YAML or JSON, multi-document, List kinds) against the policies,
            judging each object as if it were being created; an AdmissionReview is judged as the
            webhook judges it. A directory is judged as its tools apply it: each kustomization
            rendered (bases only through the kustomizations that use them), each folder with the
            applier its Flux Kustomization or Argo CD Application names. Documents that are not
            Kubernetes objects (Helm values, CI workflows) are skipped, and so is a chart's source:
            render it with --chart.

            """ + CommonOptions.ExitCodeHelp + "\n" + CommonOptions.PoliciesHelp)
        {
            paths,
            policies,
            output,
            failOn,
            applier,
            fix,
            inPlace,
            chart,
            values,
            set,
            release,
            ns,
            helm,
            kustomize,
            allowEmpty,
            baseline,
            writeBaseline,
            exceptions,
        };

        command.SetAction(result =>
        {
            var chartDirectory = result.GetValue(chart);
            var chartOnly = new (string Name, bool Given)[]
            {
                ("--values", result.GetValue(values) is { Length: > 0 }),
                ("--set", result.GetValue(set) is { Length: > 0 }),
                ("--release", result.GetValue(release) is not null),
                ("--namespace", result.GetValue(ns) is not null),
                ("--helm", result.GetValue(helm) is not null),
            };
            if (chartDirectory is null && chartOnly.FirstOrDefault(o => o.Given) is { Given: true } stray)
            {
                throw new UsageException($"{stray.Name} goes with --chart DIR");
            }

            var options = new CheckOptions
            {
                Paths = result.GetValue(paths) ?? [],
                PoliciesDirectory = result.GetValue(policies),
                Output = CommonOptions.ParseOutput(result.GetValue(output)),
                FailOn = CommonOptions.ParseFailOn(result.GetValue(failOn)),
                Fix = result.GetValue(fix) || result.GetValue(inPlace),
                InPlace = result.GetValue(inPlace),
                Chart = chartDirectory is null
                    ? null
                    : new ChartRender(chartDirectory, result.GetValue(values) ?? [], result.GetValue(set) ?? [], result.GetValue(release), result.GetValue(ns), result.GetValue(helm)),
                Kustomize = result.GetValue(kustomize) ?? [],
                AllowEmpty = result.GetValue(allowEmpty),
                Applier = CommonOptions.ParseApplier(result.GetValue(applier)),
                Baseline = result.GetValue(baseline),
                WriteBaseline = result.GetValue(writeBaseline),
                Exceptions = result.GetValue(exceptions),
            };
            return CheckRunner.Run(options, console);
        });
        return command;
    }

    /// <summary>An option that only <c>--chart</c> reads; its help says so.</summary>
    private static Option<T> ChartOption<T>(string name, string helpName, string description, params string[] aliases) => new(name, aliases)
    {
        Description = "With --chart: " + description,
        HelpName = helpName,
    };
}

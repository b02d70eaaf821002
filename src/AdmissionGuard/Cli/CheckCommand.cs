using System.CommandLine;

namespace AdmissionGuard.Cli;

/// <summary>Declares <c>admission-guard check</c> and maps its command line to <see cref="CheckOptions"/>.</summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Manifest files, directories (searched recursively for *.yaml, *.yml, *.json), or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
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
        var output = new Option<string>("--output", "-o")
        {
            Description = "Report format: text (for people), json, sarif (SARIF 2.1.0 for code scanning), junit.",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json|sarif|junit",
        }.AcceptOnlyFromAmong("text", "json", "sarif", "junit");
        var failOn = CommonOptions.FailOn();
        var applier = CommonOptions.Applier();
        var fix = new Option<bool>("--fix")
        {
            Description = "Write the mutated manifests (e.g. with helm.sh/resource-policy: keep added) to standard output, "
                + "in their original order; the report then goes to standard error.",
        };
        var inPlace = new Option<bool>("--in-place")
        {
            Description = "With --fix: rewrite the changed files instead. Comments and formatting of a rewritten file may not survive.",
        };

        var command = new Command(CliApp.CheckName, """
            Checks Kubernetes manifests (YAML or JSON, multi-document, List kinds) against the policies,
            judging each object as if it were being created. Documents that are not Kubernetes objects are
            reported as skipped.

            """ + CommonOptions.ExitCodeHelp + "\n" + CommonOptions.PoliciesHelp)
        {
            paths,
            policies,
            output,
            failOn,
            applier,
            fix,
            inPlace,
        };

        command.SetAction(result =>
        {
            var options = new CheckOptions
            {
                Paths = result.GetValue(paths) ?? [],
                PoliciesDirectory = result.GetValue(policies),
                Output = result.GetValue(output) switch
                {
                    "json" => OutputFormat.Json,
                    "sarif" => OutputFormat.Sarif,
                    "junit" => OutputFormat.JUnit,
                    _ => OutputFormat.Text,
                },
                FailOn = CommonOptions.ParseFailOn(result.GetValue(failOn)),
                Fix = result.GetValue(fix) || result.GetValue(inPlace),
                InPlace = result.GetValue(inPlace),
                Applier = CommonOptions.ParseApplier(result.GetValue(applier)),
            };
            return CheckRunner.Run(options, console);
        });
        return command;
    }
}

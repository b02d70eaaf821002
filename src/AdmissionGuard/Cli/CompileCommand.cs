using System.CommandLine;
using AdmissionGuard.Core.Compile;

namespace AdmissionGuard.Cli;

/// <summary>
/// Declares <c>admission-guard compile</c>: the policy set in force written as Kubernetes' own
/// admission policies (docs/native-policies.md), which the API server enforces with no webhook call.
/// </summary>
internal static class CompileCommand
{
    public static Command Create(CliConsole console)
    {
        var policies = CommonOptions.Policies();
        var kubeVersion = new Option<string>("--kube-version")
        {
            Description = $"The Kubernetes version (MAJOR.MINOR) to write for: ValidatingAdmissionPolicy v1 from 1.30; MutatingAdmissionPolicy v1beta1 in 1.34 and 1.35, v1 from 1.36, none before.",
            DefaultValueFactory = _ => KubeVersion.Default.ToString(),
            HelpName = "X.Y",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the YAML to this file instead of standard output.",
            HelpName = "FILE",
        };
        var helmTemplate = new Option<bool>("--helm-template")
        {
            Description = "Write the chart's templates/native-policies.yaml instead (from the built-in policies; make native-chart).",
        };
        var command = new Command(CliApp.CompileName, """
            Writes the policies in force as ValidatingAdmissionPolicy and MutatingAdmissionPolicy objects with
            their bindings (YAML): every rule CEL can express, with the same kinds, exclusions and action
            (enforce -> Deny, warn -> Warn, audit -> Audit). The API server enforces them itself, so they still
            hold while the webhook is down. A native policy never denies what the webhook allows; what only the
            webhook judges is listed in docs/native-policies.md. PolicyExceptions are not carried into the
            bindings (CEL has no clock to end one at its expiry): an excepted object is still denied by the
            native policy. Notes (a kind of policy the version lacks) go to standard error. Exit 0, or 2 on a usage or policy file error.

            """ + CommonOptions.PoliciesHelp) { policies, kubeVersion, output, helmTemplate };

        command.SetAction(result => result.GetValue(helmTemplate)
            ? WriteChartTemplate(result.GetValue(output), console)
            : Run(result.GetValue(policies), result.GetValue(kubeVersion), result.GetValue(output), console));
        return command;
    }

    private static int WriteChartTemplate(string? outputFile, CliConsole console)
    {
        if (PolicySource.Load(null, console.Error) is not { } builtIn)
        {
            return ExitCodes.Usage;
        }

        var text = NativeChartTemplate.Render(builtIn);
        if (outputFile is null)
        {
            console.Out.Write(text);
        }
        else
        {
            File.WriteAllText(outputFile, text, new UTF8Encoding(false));
        }

        return ExitCodes.Clean;
    }

    private static int Run(string? policiesDirectory, string? versionText, string? outputFile, CliConsole console)
    {
        if (!KubeVersion.TryParse(versionText, out var version))
        {
            throw new UsageException($"--kube-version {versionText}: expected MAJOR.MINOR, such as 1.34");
        }

        if (PolicySource.Load(policiesDirectory, console.Error) is not { } policies)
        {
            return ExitCodes.Usage;
        }

        var compilation = NativePolicyCompiler.Compile(policies, version);
        foreach (var note in compilation.Notes)
        {
            console.Error.WriteLine($"admission-guard compile: {note}");
        }

        var header = $"Written by admission-guard compile --kube-version {version} from the policies in {policiesDirectory ?? "the binary"}.\n"
            + "Kubernetes enforces these itself; the webhook keeps the full rules, messages and fixes (docs/native-policies.md).";
        if (outputFile is null)
        {
            NativeYaml.Write(console.Out, compilation.Documents, header);
            return ExitCodes.Clean;
        }

        using (var writer = new StreamWriter(outputFile, append: false, new UTF8Encoding(false)))
        {
            NativeYaml.Write(writer, compilation.Documents, header);
        }

        return ExitCodes.Clean;
    }
}

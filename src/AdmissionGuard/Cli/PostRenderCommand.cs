using System.CommandLine;

namespace AdmissionGuard.Cli;

/// <summary>Declares <c>admission-guard post-render</c>, Helm's post-renderer contract.</summary>
internal static class PostRenderCommand
{
    public static Command Create(CliConsole console)
    {
        var policies = CommonOptions.Policies();
        var failOn = CommonOptions.FailOn();
        var applier = CommonOptions.Applier();
        var command = new Command(CliApp.PostRenderName, """
            Helm post-renderer: reads the rendered manifests on standard input and writes them, mutated
            (e.g. with helm.sh/resource-policy: keep, which Helm then stores in the release), to standard
            output. Every object counts as applied by Helm unless --applier names another tool (Argo CD or
            Flux running the chart through a post-renderer). On an enforce-level violation the findings go
            to standard error, nothing to standard output, and the exit code is non-zero, so Helm stops
            before anything reaches the cluster.
              Helm 3: helm install REL CHART --post-renderer admission-guard --post-renderer-args post-render
              Helm 4: install the plugin in plugins/admission-guard-post-renderer, then
                      helm install REL CHART --post-renderer admission-guard

            """ + CommonOptions.ExitCodeHelp + "\n" + CommonOptions.PoliciesHelp) { policies, failOn, applier };

        command.SetAction(result => PostRenderRunner.Run(
            new PostRenderOptions
            {
                PoliciesDirectory = result.GetValue(policies),
                FailOn = CommonOptions.ParseFailOn(result.GetValue(failOn)),
                Applier = CommonOptions.ParseApplier(result.GetValue(applier)),
            },
            console));
        return command;
    }
}

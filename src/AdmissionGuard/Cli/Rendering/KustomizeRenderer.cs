using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Cli.Rendering;

/// <summary>
/// Renders a kustomization with the user's own tool: <c>kustomize build DIR</c>, or
/// <c>kubectl kustomize DIR</c> (kubectl embeds kustomize) when kustomize is not on PATH.
/// </summary>
internal static class KustomizeRenderer
{
    /// <summary>The file names kustomize reads a kustomization from, in its own order.</summary>
    public static readonly string[] KustomizationFiles = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public const string Missing = "--kustomize needs kustomize or kubectl, and neither is on PATH: install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl (https://kubernetes.io/docs/tasks/tools/)";

    /// <summary>The tool to render with, or null when neither kustomize nor kubectl is on PATH.</summary>
    public static (string Tool, string Verb, string Command)? Locate() =>
        ExternalTool.FindOnPath("kustomize") is { } kustomize
            ? (kustomize, "build", "kustomize build")
            : ExternalTool.FindOnPath("kubectl") is { } kubectl
                ? (kubectl, "kustomize", "kubectl kustomize")
                : null;

    /// <param name="directoryArgument">The kustomization's directory, as given.</param>
    /// <param name="loadAnywhere">Let the kustomization read files outside its own folder, as Flux's kustomize-controller does
    /// (<c>--load-restrictor LoadRestrictionsNone</c>); kustomize's own default refuses them.</param>
    public static ManifestSource Render(string directoryArgument, bool loadAnywhere = false)
    {
        var directory = directoryArgument.TrimEnd('/', '\\');
        if (directory.Length == 0)
        {
            directory = directoryArgument;
        }

        if (!Directory.Exists(directory))
        {
            throw new RenderFailure("--kustomize: no such directory");
        }

        var entry = KustomizationFiles.FirstOrDefault(f => File.Exists(Path.Combine(directory, f)))
            ?? throw new RenderFailure("--kustomize: not a kustomization (no kustomization.yaml in it)");

        var (tool, verb, command) = Locate() ?? throw new RenderFailure(Missing);
        List<string> args = [verb, directory];
        if (loadAnywhere)
        {
            args.AddRange(["--load-restrictor", "LoadRestrictionsNone"]);
        }

        var output = ExternalTool.Run(tool, args);
        if (output.ExitCode != 0)
        {
            throw new RenderFailure($"{command} failed (exit {output.ExitCode}): {ToolErrors.Clean(output.Stderr, [])}");
        }

        return new ManifestSource(directory, null, output.Stdout, new RenderedFrom(command, directory, RenderedFrom.Join(directory, entry)));
    }
}

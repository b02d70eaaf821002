namespace AdmissionGuard.Cli.Rendering;

/// <summary>
/// Renders a kustomization with the user's own tool: <c>kustomize build DIR</c>, or
/// <c>kubectl kustomize DIR</c> (kubectl embeds kustomize) when kustomize is not on PATH.
/// </summary>
internal static class KustomizeRenderer
{
    /// <summary>The file names kustomize reads a kustomization from, in its own order.</summary>
    public static readonly string[] KustomizationFiles = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static ManifestSource Render(string directoryArgument)
    {
        var directory = directoryArgument.TrimEnd('/', '\\');
        if (directory.Length == 0)
        {
            directory = directoryArgument;
        }

        var entry = KustomizationFiles.FirstOrDefault(f => File.Exists(Path.Combine(directory, f)))
            ?? throw new RenderFailure("--kustomize: not a kustomization (no kustomization.yaml in it)");

        var (tool, args, command) = ExternalTool.FindOnPath("kustomize") is { } kustomize
            ? (kustomize, new[] { "build", directory }, "kustomize build")
            : ExternalTool.FindOnPath("kubectl") is { } kubectl
                ? (kubectl, new[] { "kustomize", directory }, "kubectl kustomize")
                : throw new RenderFailure("--kustomize needs kustomize or kubectl, and neither is on PATH: install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl (https://kubernetes.io/docs/tasks/tools/)");

        var output = ExternalTool.Run(tool, args);
        if (output.ExitCode != 0)
        {
            throw new RenderFailure($"{command} failed (exit {output.ExitCode}): {ToolErrors.Clean(output.Stderr, [])}");
        }

        return new ManifestSource(directory, null, output.Stdout, new RenderedFrom(command, directory, RenderedFrom.Join(directory, entry)));
    }
}

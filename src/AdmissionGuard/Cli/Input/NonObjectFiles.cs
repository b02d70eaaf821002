namespace AdmissionGuard.Cli.Input;

/// <summary>
/// YAML that a repository holds beside its manifests and that is not a Kubernetes object:
/// kustomize's kustomization files (which do carry an apiVersion and a kind), Helm's Chart.yaml
/// and values files, CI workflows. Such a file is skipped whole, unread: never judged, never
/// written by <c>--fix</c>, and its syntax is its own tool's business. The reason names what the
/// file is and what to run instead.
/// </summary>
internal static class NonObjectFiles
{
    /// <summary>API groups of configuration that tools read and the API server never serves.</summary>
    private static readonly string[] ToolGroups = ["kustomize.config.k8s.io/"];

    /// <summary>Why a file is known not to hold Kubernetes objects, from its name; null when its name says nothing.</summary>
    /// <param name="shownAs">The file as reports name it.</param>
    public static string? ReasonFor(string shownAs)
    {
        var normalized = shownAs.Replace('\\', '/');
        var name = Path.GetFileName(normalized);
        if (name is "kustomization.yaml" or "kustomization.yml")
        {
            return $"a kustomization, not a Kubernetes object: render it with admission-guard check --kustomize {DirectoryOf(normalized)}";
        }

        if (name == ChartSources.ChartFile)
        {
            return $"a chart's Chart.yaml, not a Kubernetes object: render the chart with admission-guard check --chart {DirectoryOf(normalized)}";
        }

        if (IsValuesFile(name))
        {
            return "Helm values, not a Kubernetes object: render the chart with them (admission-guard check --chart DIR -f FILE)";
        }

        if (normalized.Contains(".github/workflows/", StringComparison.Ordinal) || name is ".gitlab-ci.yml" or ".gitlab-ci.yaml")
        {
            return "a CI workflow, not a Kubernetes object";
        }

        return null;
    }

    /// <summary>Why an object with an apiVersion and kind is still not a Kubernetes object; null when it is one.</summary>
    public static string? ReasonFor(string apiVersion, string kind) =>
        ToolGroups.Any(g => apiVersion.StartsWith(g, StringComparison.Ordinal))
            ? $"a kustomize {kind} ({apiVersion}), not a Kubernetes object: render it with admission-guard check --kustomize DIR"
            : null;

    private static bool IsValuesFile(string name) =>
        name is "values.yaml" or "values.yml"
        || (name.StartsWith("values-", StringComparison.Ordinal) || name.StartsWith("values.", StringComparison.Ordinal))
            && (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal));

    private static string DirectoryOf(string name) =>
        Path.GetDirectoryName(name) is { Length: > 0 } dir ? dir.Replace('\\', '/') : ".";
}

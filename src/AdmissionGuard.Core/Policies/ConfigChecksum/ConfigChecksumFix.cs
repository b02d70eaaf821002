namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>
/// The one-line fix, fitted to the tool that renders and applies the workload. A Helm template
/// snippet only helps where Helm renders the object, and an <c>include</c> of a template that does
/// not exist fails the whole render, so:
/// <list type="bullet">
/// <item>Helm-rendered (applied by Helm or Flux's helm-controller, from a chart Argo CD renders, or
///   in the CLI a document of <c>helm template</c> output): the checksum snippet, naming the chart's
///   real template of the ConfigMap when the input holds it (its <c># Source:</c> path), else
///   <c>configmap.yaml</c>, the usual name; a subchart's ConfigMap by the subchart's values; a
///   ConfigMap of a chart outside the workload's (its parent) by Reloader or a values-set annotation.</item>
/// <item>Anything else (Flux's kustomize-controller, Argo CD or kubectl with plain manifests, plain
///   files): kustomize's <c>configMapGenerator</c>, whose hashed name rolls the pods, or Reloader's
///   annotation when the policy accepts reloaders.</item>
/// </list>
/// </summary>
internal readonly struct ConfigChecksumFix(PolicyContext context, ConfigChecksumParameters parameters, string workloadNamespace)
{
    private const string TemplatesFolder = "/templates/";

    public string For(List<ConfigReference> references)
    {
        // The ConfigMaps first: with includeSecrets, Secrets are named only when nothing else is.
        var kind = references.Exists(r => r.Kind == ConfigSourceKind.ConfigMap) ? ConfigSourceKind.ConfigMap : ConfigSourceKind.Secret;
        return IsHelmRendered() ? HelmSnippet(references, kind) : GeneratorAdvice(references, kind);
    }

    private bool IsHelmRendered()
    {
        if (context.Applier is Applier.Helm or Applier.FluxHelm || context.Request.Origin is Origin.ManifestFile { IsHelmTemplateOutput: true })
        {
            return true;
        }

        // Argo CD renders charts with helm template; the chart's own managed-by label says the object came from one.
        return context.Applier == Applier.ArgoCD
            && context.Object.Label(ApplierMarks.HelmManagedByLabel) == ApplierMarks.HelmManagedByValue;
    }

    private string HelmSnippet(List<ConfigReference> references, ConfigSourceKind kind)
    {
        var file = context.Request.Origin as Origin.ManifestFile;
        var input = file?.Input;
        var workloadTemplate = file?.Template;
        var sb = new StringBuilder(128);
        var seen = new List<string>(2);
        foreach (var r in references)
        {
            if (r.Kind != kind)
            {
                continue;
            }

            var template = input?.TemplateOf(r.KindName, workloadNamespace, r.Name);
            if (Expression(template, workloadTemplate, kind) is not { } expression)
            {
                return OutsideTheChart(r, template!);
            }

            if (seen.Contains(expression))
            {
                continue;
            }

            var key = seen.Count == 0
                ? (kind == ConfigSourceKind.ConfigMap ? "config" : "secret")
                : KeyFor(template, seen.Count);
            sb.Append(seen.Count == 0 ? string.Empty : "; ")
                .Append(parameters.AnnotationPrefix).Append(key).Append(": {{ ").Append(expression).Append(" | sha256sum }}");
            seen.Add(expression);
        }

        return sb.ToString();
    }

    /// <summary>
    /// The template's path relative to its chart's <c>templates/</c> when it is in the workload's own
    /// chart (<c>$.Template.BasePath</c> is that folder). A subchart's template renders only with the
    /// subchart's values, so for it the snippet digests those values instead. Null when the
    /// ConfigMap comes from a chart outside the workload's (its parent, a sibling): no template of
    /// the workload's chart can include it.
    /// </summary>
    private static string? Expression(string? template, string? workloadTemplate, ConfigSourceKind kind)
    {
        var fallback = kind == ConfigSourceKind.ConfigMap ? "/configmap.yaml" : "/secret.yaml";
        if (template is null || SplitChart(template) is not { } split)
        {
            return $"include (print $.Template.BasePath \"{fallback}\") .";
        }

        var (chart, relative) = split;
        if (workloadTemplate is null || SplitChart(workloadTemplate) is not { } workloadSplit || workloadSplit.Chart == chart)
        {
            return $"include (print $.Template.BasePath \"/{relative}\") .";
        }

        // chart/charts/sub/templates/x.yaml read from chart/templates: the subchart's values are .Values.sub.
        var subcharts = workloadSplit.Chart + "/charts/";
        if (!chart.StartsWith(subcharts, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = chart[subcharts.Length..];
        var slash = rest.IndexOf('/');
        var subchart = slash >= 0 ? rest[..slash] : rest;
        return $"toJson (index .Values \"{subchart}\")";
    }

    /// <summary><c>mychart/templates/cm/app.yaml</c> -> (<c>mychart</c>, <c>cm/app.yaml</c>); null when there is no templates folder.</summary>
    private static (string Chart, string Relative)? SplitChart(string template)
    {
        var at = template.LastIndexOf(TemplatesFolder, StringComparison.Ordinal);
        return at <= 0 ? null : (template[..at], template[(at + TemplatesFolder.Length)..]);
    }

    /// <summary>The ConfigMap comes from another chart's template, which the workload's chart cannot include.</summary>
    private string OutsideTheChart(ConfigReference reference, string template)
    {
        var why = $"({reference.KindName} {reference.Name} comes from {template}, outside the workload's chart, which cannot include it)";
        return parameters.AcceptReloaders
            ? $"metadata.annotations: {{{ConfigReloaders.ReloaderAuto}: \"true\"}} with Stakater Reloader, or a {parameters.AnnotationPrefix} pod annotation set through the chart's values {why}"
            : $"a {parameters.AnnotationPrefix} pod annotation set through the chart's values {why}";
    }

    private static string KeyFor(string? template, int index)
    {
        if (template is null)
        {
            return $"config-{index + 1}";
        }

        var name = Path.GetFileNameWithoutExtension(template);
        return name.Length == 0 ? $"config-{index + 1}" : name;
    }

    private string GeneratorAdvice(List<ConfigReference> references, ConfigSourceKind kind)
    {
        var first = references.Find(r => r.Kind == kind)!;
        var generator = kind == ConfigSourceKind.ConfigMap ? "configMapGenerator" : "secretGenerator";
        var advice = $"generate {first.KindName} {first.Name} with kustomize's {generator} (kustomization.yaml: {generator}: [{{name: {first.Name}, files: [...]}}]), whose content-hashed name rolls the pods";
        return parameters.AcceptReloaders
            ? advice + $", or add metadata.annotations: {{{ConfigReloaders.ReloaderAuto}: \"true\"}} and run Stakater Reloader"
            : advice;
    }
}

namespace AdmissionGuard.Core.Policies.KeepStateful;

/// <summary>
/// <c>keep-stateful</c> (docs/keep-stateful.md): PersistentVolumeClaims and CustomResourceDefinitions get the mark their
/// applier reads before it deletes anything, and nothing it ignores, so that an upgrade, a
/// rollback, a GitOps prune or an application's deletion cannot take data or CRDs with it:
/// Helm and Flux's helm-controller read <c>helm.sh/resource-policy: keep</c>; Argo CD reads
/// <c>Prune=false,Delete=false</c> in its sync options (and Helm's keep as <c>Delete=false</c>);
/// Flux's kustomize-controller reads <c>kustomize.toolkit.fluxcd.io/prune: disabled</c>. An object
/// already protected for its applier passes silently; a value someone set on purpose is left
/// alone, with a warning.
///
/// Scope <c>managed</c> means Helm, Argo CD, Flux, and the CLI's manifest files (everything in a
/// repository is applied declaratively). Plain <c>kubectl apply</c> honours none of these marks,
/// so nothing is added for it, whatever the scope.
/// </summary>
internal sealed class KeepStatefulPolicy(KeepStatefulParameters parameters) : IPolicy
{
    public const string PolicyId = "keep-stateful";

    public const string ResourcePolicyAnnotation = "helm.sh/resource-policy";
    public const string Keep = "keep";

    /// <summary>Flux kustomize-controller skips garbage collection of objects labelled or annotated so (docs/spec/v1/kustomizations.md, "Prune").</summary>
    public const string FluxPruneAnnotation = "kustomize.toolkit.fluxcd.io/prune";
    public const string FluxPruneDisabled = "disabled";

    private readonly bool allScope = parameters.Scope == KeepStatefulParameters.ScopeAll;

    public string Id => PolicyId;

    public PolicyType Type => Descriptor.Type;

    public KeepStatefulParameters Parameters { get; } = parameters;

    public PolicyOutcome Evaluate(PolicyContext context)
    {
        if (!allScope && !IsManaged(context))
        {
            return PolicyOutcome.Pass;
        }

        // Without gitopsEquivalents every applier gets Helm's annotation only (the Helm-only rule).
        var applier = Parameters.GitopsEquivalents ? KeepApplierOf(context) : Applier.Helm;
        if (applier == Applier.Kubectl)
        {
            return PolicyOutcome.Pass;
        }

        var annotations = RawAnnotations.Read(context.Object.Root);
        List<KeyValuePair<string, string>>? additions = null;
        List<Finding>? findings = null;
        if (applier == Applier.ArgoCD)
        {
            AddArgoOptions(context, annotations, ref additions, ref findings);
        }
        else if (applier == Applier.FluxKustomize)
        {
            AddFluxPrune(context, annotations, ref additions, ref findings);
        }
        else
        {
            AddHelmKeep(context, annotations, ref additions, ref findings);
        }

        if (additions is null)
        {
            return findings is null ? PolicyOutcome.Pass : PolicyOutcome.Of(findings);
        }

        (findings ??= []).Insert(0, Missing(context, applier, additions));
        if (applier is Applier.Helm or Applier.FluxHelm && IsHelmRelease(context) && !context.Request.Origin.IsFile)
        {
            findings.Add(UninstallAdvice(context));
        }

        return new PolicyOutcome(findings, annotations.Patch(additions));
    }

    private static bool IsManaged(PolicyContext context) =>
        context.Request.Origin.IsFile || context.Applier is Applier.Helm or Applier.FluxHelm or Applier.ArgoCD or Applier.FluxKustomize;

    /// <summary>
    /// Whose deletion the policy protects against: the applier of the object, as far as it reads a
    /// keep mark. Helm and Flux's helm-controller read <c>helm.sh/resource-policy: keep</c>; Argo CD its
    /// sync options; Flux's kustomize-controller <c>prune: disabled</c>; kubectl none. A file that
    /// is <c>helm template</c> output with no other tool's mark is rendered for Helm. With no applier
    /// known, a tool's own keep mark on the object says which tool it is written for (a PVC in a Flux
    /// repository that already has <c>prune: disabled</c>): judged for that tool, it is not given
    /// another tool's annotation. Otherwise <see cref="Applier.Other"/>: Helm's keep, with a note.
    /// </summary>
    private static Applier KeepApplierOf(PolicyContext context)
    {
        if (context.Applier != Applier.Other)
        {
            return context.Applier;
        }

        var obj = context.Object;
        if (context.Request.Origin is Origin.ManifestFile { IsHelmTemplateOutput: true })
        {
            return Applier.Helm;
        }

        if (obj.Annotation(FluxPruneAnnotation) is not null || obj.Label(FluxPruneAnnotation) is not null)
        {
            return Applier.FluxKustomize;
        }

        return obj.Annotation(ArgoSyncOptions.Annotation) is not null ? Applier.ArgoCD : Applier.Other;
    }

    /// <summary>Helm compares the value trimmed and lower-cased (pkg/action/resource_policy.go), so " Keep " keeps too.</summary>
    private static bool IsKeep(string? value) => value is not null && value.Trim().Equals(Keep, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Installed by <c>helm install/upgrade</c> (directly or through Flux's helm-controller), so
    /// <c>helm uninstall</c> deletes it by the release's stored manifest. CRDs from a chart's
    /// <c>crds/</c> folder are applied by Helm without its release annotation and never deleted by
    /// it, so for CRDs only the annotation counts.
    /// </summary>
    private static bool IsHelmRelease(PolicyContext context)
    {
        if (context.Object.Annotation(ApplierMarks.HelmReleaseNameAnnotation) is not null)
        {
            return true;
        }

        return context.Applier is Applier.Helm or Applier.FluxHelm
            && context.Request.Kind.Kind != "CustomResourceDefinition";
    }

    private void AddHelmKeep(PolicyContext context, RawAnnotations annotations, ref List<KeyValuePair<string, string>>? additions, ref List<Finding>? findings)
    {
        var resourcePolicy = annotations.Get(ResourcePolicyAnnotation);
        if (resourcePolicy is null)
        {
            (additions ??= []).Add(new(ResourcePolicyAnnotation, Keep));
        }
        else if (!IsKeep(resourcePolicy))
        {
            (findings ??= []).Add(OtherResourcePolicy(context, resourcePolicy));
        }
    }

    private void AddArgoOptions(PolicyContext context, RawAnnotations annotations, ref List<KeyValuePair<string, string>>? additions, ref List<Finding>? findings)
    {
        // Argo CD reads Helm's keep as Delete=false (not as Prune=false), so with it only Prune=false is missing.
        var merged = ArgoSyncOptions.Merge(annotations.Get(ArgoSyncOptions.Annotation), deleteCovered: IsKeep(annotations.Get(ResourcePolicyAnnotation)));
        if (merged.NewValue is { } value)
        {
            (additions ??= []).Add(new(ArgoSyncOptions.Annotation, value));
        }

        foreach (var entry in (ReadOnlySpan<string?>)[merged.PruneOverride, merged.DeleteOverride])
        {
            if (entry is not null)
            {
                var prune = entry.StartsWith("Prune=", StringComparison.Ordinal);
                (findings ??= []).Add(new Finding(
                    PolicyId,
                    FindingSeverity.Advice,
                    $"{ArgoSyncOptions.Annotation} sets {entry}, so Argo CD may still {(prune ? "prune this " + Noun(context) + " when it leaves Git" : "delete this " + Noun(context) + " with its Application")}; the explicit choice is left as it is",
                    $"{context.ObjectRef}: Argo CD sync-options has {entry}; left as set",
                    $"metadata.annotations[{ArgoSyncOptions.Annotation}]",
                    $"{ArgoSyncOptions.Annotation}: {ArgoSyncOptions.NoPrune},{ArgoSyncOptions.NoDelete}"));
            }
        }
    }

    private void AddFluxPrune(PolicyContext context, RawAnnotations annotations, ref List<KeyValuePair<string, string>>? additions, ref List<Finding>? findings)
    {
        // Flux accepts the key as a label or an annotation, compared case-insensitively (fluxcd/pkg ssa AnyInMetadata).
        var annotation = annotations.Get(FluxPruneAnnotation);
        var label = context.Object.Label(FluxPruneAnnotation);
        if (IsDisabled(annotation) || IsDisabled(label))
        {
            return;
        }

        var explicitValue = !string.IsNullOrEmpty(annotation) ? annotation : label;
        if (!string.IsNullOrEmpty(explicitValue))
        {
            (findings ??= []).Add(new Finding(
                PolicyId,
                FindingSeverity.Advice,
                $"{FluxPruneAnnotation} is \"{explicitValue}\", not {FluxPruneDisabled}, so Flux still prunes this {Noun(context)} when its manifest leaves the Kustomization; the explicit value is left as it is",
                $"{context.ObjectRef}: {FluxPruneAnnotation} is \"{explicitValue}\"; left as set",
                $"metadata.annotations[{FluxPruneAnnotation}]",
                $"{FluxPruneAnnotation}: {FluxPruneDisabled}"));
            return;
        }

        (additions ??= []).Add(new(FluxPruneAnnotation, FluxPruneDisabled));

        static bool IsDisabled(string? value) => string.Equals(value, FluxPruneDisabled, StringComparison.OrdinalIgnoreCase);
    }

    private Finding Missing(PolicyContext context, Applier applier, List<KeyValuePair<string, string>> additions)
    {
        var message = new StringBuilder(256);
        var fix = new StringBuilder(128).Append("metadata.annotations: {");
        var summary = new StringBuilder(128).Append(context.ObjectRef).Append(" lacks ");
        for (var i = 0; i < additions.Count; i++)
        {
            var (key, value) = additions[i];
            var separator = i == 0 ? string.Empty : ", ";
            fix.Append(separator).Append(key).Append(": ").Append(value);
            summary.Append(separator).Append(key switch
            {
                ResourcePolicyAnnotation => "helm.sh/resource-policy: keep",
                ArgoSyncOptions.Annotation => "Argo CD " + string.Join(',', MissingArgoOptions(value, context)),
                _ => "Flux prune: disabled",
            });
            message.Append(i == 0 ? "lacks " : "; and ").Append(key switch
            {
                ResourcePolicyAnnotation => $"{key}: {value}, so {HelmDeletion(context)} deletes {What(context)}",
                ArgoSyncOptions.Annotation => ArgoMessage(context, value),
                _ => $"{key}: {value}, so Flux's kustomize-controller prunes {What(context)} when its manifest leaves the Kustomization",
            });
        }

        message.Append("; keep-stateful sets ").Append(additions.Count == 1 ? "it" : "them");
        if (applier == Applier.Other && context.Request.Origin.IsFile)
        {
            message.Append(" (no applier is known for this object, so Helm's annotation is added: pass --applier flux or --applier argocd for what those tools read instead)");
        }

        return new Finding(PolicyId, FindingSeverity.Violation, message.ToString(), summary.ToString(), "metadata.annotations", fix.Append('}').ToString());
    }

    /// <summary>Helm's own ways of deleting: the CLI writes the annotation into the manifest Helm stores, so uninstall honours it there too.</summary>
    private static string HelmDeletion(PolicyContext context) => context.Request.Origin.IsFile
        ? "a helm upgrade or rollback whose chart no longer contains it, or helm uninstall,"
        : "a helm upgrade or rollback whose chart no longer contains it";

    private static string ArgoMessage(PolicyContext context, string value)
    {
        var missing = MissingArgoOptions(value, context);
        var consequence = missing.Count == 2
            ? $"Argo CD prunes {What(context)} when its manifest leaves Git and deletes it with its Application"
            : missing[0] == ArgoSyncOptions.NoPrune
                ? $"Argo CD prunes {What(context)} when its manifest leaves Git ({ResourcePolicyAnnotation}: {Keep} only stops the Application's deletion)"
                : $"Argo CD deletes {What(context)} with its Application";
        return $"{string.Join(" and ", missing)} in {ArgoSyncOptions.Annotation}, so {consequence} (the value becomes \"{value}\")";
    }

    /// <summary>The options the merged value adds: both, or the one the object lacked.</summary>
    private static List<string> MissingArgoOptions(string mergedValue, PolicyContext context)
    {
        var before = context.Object.Annotation(ArgoSyncOptions.Annotation) ?? string.Empty;
        var missing = new List<string>(2);
        foreach (var option in (ReadOnlySpan<string>)[ArgoSyncOptions.NoPrune, ArgoSyncOptions.NoDelete])
        {
            if (mergedValue.Contains(option, StringComparison.Ordinal) && !before.Contains(option, StringComparison.Ordinal))
            {
                missing.Add(option);
            }
        }

        return missing;
    }

    private Finding OtherResourcePolicy(PolicyContext context, string value) => new(
        PolicyId,
        FindingSeverity.Advice,
        $"{ResourcePolicyAnnotation} is \"{value}\", not {Keep}, so Helm deletes {What(context)} when an upgrade or rollback drops it and on uninstall; the value is left as it is",
        $"{context.ObjectRef}: {ResourcePolicyAnnotation} is \"{value}\", not keep; left as set",
        $"metadata.annotations[{ResourcePolicyAnnotation}]",
        $"{ResourcePolicyAnnotation}: {Keep}");

    private Finding UninstallAdvice(PolicyContext context)
    {
        var viaFlux = context.Applier == Applier.FluxHelm
            ? " (or add it with the HelmRelease's spec.postRenderers)"
            : string.Empty;
        return new Finding(
            PolicyId,
            FindingSeverity.Advice,
            $"put {ResourcePolicyAnnotation}: {Keep} in the chart{viaFlux}, or helm uninstall still deletes it: uninstall reads the annotation from the release's stored manifest, not from the live object, so the injected annotation protects against upgrade and rollback only",
            $"{context.ObjectRef}: put helm.sh/resource-policy: keep in the chart, or helm uninstall still deletes it",
            "metadata.annotations",
            $"in the chart template: metadata.annotations: {{{ResourcePolicyAnnotation}: {Keep}}}");
    }

    private static string Noun(PolicyContext context) => context.Request.Kind.Kind switch
    {
        "CustomResourceDefinition" => "CRD",
        "PersistentVolumeClaim" => "claim",
        _ => "object",
    };

    private static string What(PolicyContext context) => context.Request.Kind.Kind switch
    {
        "CustomResourceDefinition" => "the CRD and with it every custom resource of its kind",
        "PersistentVolumeClaim" => "the claim and, with the usual Delete reclaim policy, its volume's data",
        _ => "the object",
    };

    /// <summary>What the catalog, the loader, reports and <c>--help</c> know of the policy; its help is keep-stateful.help.md beside it.</summary>
    public static readonly PolicyDescriptor<KeepStatefulParameters> Descriptor = new(
        PolicyId, PolicyType.Mutating, PolicyKind.Registered(KnownKinds.PersistentVolumeClaim, KnownKinds.CustomResourceDefinition),
        "PersistentVolumeClaims and CRDs carry the keep mark their applier reads.",
        (p, _) => new KeepStatefulPolicy(p), new KeepStatefulParametersValidator());
}

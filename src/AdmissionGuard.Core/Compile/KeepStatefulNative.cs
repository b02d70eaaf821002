using AdmissionGuard.Core.Policies.KeepStateful;

namespace AdmissionGuard.Core.Compile;

/// <summary>
/// <c>keep-stateful</c> as a MutatingAdmissionPolicy: the applier is told the way the webhook tells
/// it (docs/managers.md; ApplierDetector and ApplierMarks): the field manager in
/// <c>request.options</c>, Argo CD's controller service account, the object's marks in order, then
/// kubectl's field managers. The mark it reads is added the way the webhook adds it: Helm's
/// <c>helm.sh/resource-policy: keep</c> when the key is missing, Argo CD's <c>Prune=false</c> and
/// <c>Delete=false</c> merged into the sync options (each only when no entry of its kind is there;
/// Helm's keep covers Delete), Flux's <c>prune: disabled</c> when neither the annotation nor the
/// label has a value. Warnings (a value someone chose, the uninstall advice) stay with the webhook.
/// </summary>
internal sealed class KeepStatefulNative : INativeRuleCompiler
{
    private const string SyncOptions = "argocd.argoproj.io/sync-options";

    public NativeRule? Compile(PolicyBinding binding)
    {
        var p = ((KeepStatefulPolicy)binding.Policy).Parameters;
        var kinds = binding.Settings.Kinds.Where(k => k == KnownKinds.PersistentVolumeClaim || k == KnownKinds.CustomResourceDefinition).ToList();
        if (kinds.Count == 0 || binding.Settings.Action != PolicyAction.Enforce)
        {
            return null;
        }

        var fieldManagers = string.Join(" : ", ApplierMarks.ApplierFieldManagers.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => $"variables.fieldManager == {Cel.Quote(m.Key)} ? {Cel.Quote(Wire(m.Value))}"));
        var marks = string.Join(" : ", ApplierMarks.ObjectMarks.Select(m =>
        {
            var map = m.OnAnnotation ? "variables.annotations" : "variables.labels";
            var test = m.Value is null ? $"{Cel.Quote(m.Key)} in {map}" : $"{map}[?{Cel.Quote(m.Key)}].orValue('') == {Cel.Quote(m.Value)}";
            return $"{test} ? {Cel.Quote(Wire(m.Applier))}";
        }));
        var manager = $"{fieldManagers}"
            + $" : variables.username.matches('^system:serviceaccount:[^:]+:{ApplierMarks.ArgoControllerServiceAccountName}$') ? 'argocd'"
            + $" : {marks}"
            + $" : variables.fieldManager in {Cel.List(ApplierMarks.KubectlFieldManagers.Order(StringComparer.Ordinal))} ? 'kubectl' : 'other'";

        var all = p.Scope == KeepStatefulParameters.ScopeAll;
        var flux = Cel.Quote(KeepStatefulPolicy.FluxPruneAnnotation);
        var helmKey = Cel.Quote(KeepStatefulPolicy.ResourcePolicyAnnotation);
        string applier;
        if (!p.GitopsEquivalents)
        {
            applier = all ? "'helm'" : "variables.manager in ['helm', 'argocd', 'flux-kustomize'] ? 'helm' : 'none'";
        }
        else
        {
            var other = all
                ? $"{flux} in variables.annotations || {flux} in variables.labels ? 'flux-kustomize' : {Cel.Quote(SyncOptions)} in variables.annotations ? 'argocd' : 'helm'"
                : "'none'";
            applier = $"variables.manager == 'kubectl' ? 'none' : variables.manager == 'other' ? ({other}) : variables.manager";
        }

        var sync = Cel.Quote(SyncOptions);
        var variables = new List<CelVariable>
        {
            new("annotations", Cel.Annotations),
            new("labels", Cel.Labels),
            new("fieldManager", "has(request.options) && has(request.options.fieldManager) ? string(request.options.fieldManager) : ''"),
            new("username", "request.userInfo.?username.orValue('')"),
            new("manager", manager),
            new("applier", applier),
            new("syncOptions", $"variables.annotations[?{sync}].orValue('')"),
            new("entries", "variables.syncOptions.split(',').map(e, e.trim())"),
            new("addPrune", "!variables.entries.exists(e, e.startsWith('Prune='))"),
            new("addDelete", $"!variables.entries.exists(e, e.startsWith('Delete=')) && variables.annotations[?{helmKey}].orValue('').trim().lowerAscii() != 'keep'"),
            // The existing value as the webhook keeps it: trailing white space, then commas, then white space cut.
            new("kept", "variables.syncOptions.find('^[\\\\s\\\\S]*\\\\S').find('^[\\\\s\\\\S]*[^,]').find('^[\\\\s\\\\S]*\\\\S')"),
            new("added", "variables.addPrune && variables.addDelete ? 'Prune=false,Delete=false' : variables.addPrune ? 'Prune=false' : 'Delete=false'"),
            new("additions", $$"""
                variables.applier == 'helm' && !({{helmKey}} in variables.annotations) ? {{{helmKey}}: 'keep'}
                : variables.applier == 'argocd' && (variables.addPrune || variables.addDelete) ? {{{sync}}: variables.kept == '' ? variables.added : variables.kept + ',' + variables.added}
                : variables.applier == 'flux-kustomize' && variables.annotations[?{{flux}}].orValue('') == '' && variables.labels[?{{flux}}].orValue('') == '' ? {{{flux}}: 'disabled'}
                : {}
                """),
        };
        return new NativeRule
        {
            PolicyId = binding.Id,
            Kinds = kinds,
            Variables = variables,
            ApplyConfiguration = "variables.additions.size() == 0 ? Object{} : Object{metadata: Object.metadata{annotations: variables.additions}}",
            WebhookOnly =
            [
                "the warnings: a helm.sh/resource-policy, Prune=/Delete= option or Flux prune value someone chose, and the advice to put keep in the chart (helm uninstall reads the stored manifest)",
                "the warn and audit actions (a native mutation can only patch)",
                "in the CLI only: --applier, and helm template output",
            ],
        };
    }

    /// <summary>The applier names the expressions use: Flux's helm-controller runs Helm, so it reads Helm's keep.</summary>
    private static string Wire(Applier applier) => applier switch
    {
        Applier.Helm or Applier.FluxHelm => "helm",
        Applier.ArgoCD => "argocd",
        Applier.FluxKustomize => "flux-kustomize",
        Applier.Kubectl => "kubectl",
        _ => "other",
    };
}

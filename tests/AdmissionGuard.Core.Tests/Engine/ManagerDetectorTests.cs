using System.Text;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Core.Tests.Engine;

/// <summary>docs/managers.md: who applied an object, from the field manager, the requester and the marks each tool leaves.</summary>
public sealed class ManagerDetectorTests
{
    private const string HelmLabels = """{"app.kubernetes.io/managed-by":"Helm","app.kubernetes.io/instance":"web"}""";
    private const string HelmAnnotations = """{"meta.helm.sh/release-name":"web","meta.helm.sh/release-namespace":"team-a"}""";

    [Theory]
    [InlineData("helm", Applier.Helm)]
    [InlineData("argocd-controller", Applier.ArgoCD)]
    [InlineData("kustomize-controller", Applier.FluxKustomize)]
    [InlineData("helm-controller", Applier.FluxHelm)]
    [InlineData("kubectl-client-side-apply", Applier.Kubectl)]
    [InlineData("kubectl", Applier.Kubectl)]
    [InlineData("kubectl-edit", Applier.Other)]
    [InlineData("", Applier.Other)]
    public void Reads_the_applier_from_the_field_manager(string fieldManager, object expected)
    {
        Assert.Equal((Applier)expected, Detect(Object(), fieldManager: fieldManager));
    }

    [Fact]
    public void Reads_helm_from_its_managed_by_label()
    {
        Assert.Equal(Applier.Helm, Detect(Object(labels: """{"app.kubernetes.io/managed-by":"Helm"}""")));
    }

    [Fact]
    public void Does_not_read_helm_from_a_managed_by_label_naming_another_tool()
    {
        Assert.Equal(Applier.Other, Detect(Object(labels: """{"app.kubernetes.io/managed-by":"Kustomize"}""")));
    }

    [Fact]
    public void Reads_helm_from_its_release_name_annotation()
    {
        Assert.Equal(Applier.Helm, Detect(Object(annotations: """{"meta.helm.sh/release-name":"web"}""")));
    }

    [Fact]
    public void Reads_argocd_from_its_tracking_id_annotation()
    {
        Assert.Equal(Applier.ArgoCD, Detect(Object(annotations: """{"argocd.argoproj.io/tracking-id":"web:apps/Deployment:team-a/web"}""")));
    }

    [Fact]
    public void Reads_argocd_from_the_application_controller_service_account()
    {
        var user = new UserInfo("system:serviceaccount:argocd:argocd-application-controller", ["system:serviceaccounts"]);
        Assert.Equal(Applier.ArgoCD, Detect(Object(labels: HelmLabels), user: user));
    }

    [Fact]
    public void Reads_argocd_from_the_instance_label_with_its_field_manager_but_not_from_the_label_alone()
    {
        Assert.Equal(Applier.ArgoCD, Detect(Object(labels: """{"app.kubernetes.io/instance":"web"}"""), fieldManager: "argocd-controller"));
        Assert.Equal(Applier.Other, Detect(Object(labels: """{"app.kubernetes.io/instance":"web"}""")));
    }

    [Theory]
    [InlineData("kustomize.toolkit.fluxcd.io/name", Applier.FluxKustomize)]
    [InlineData("helm.toolkit.fluxcd.io/name", Applier.FluxHelm)]
    public void Reads_flux_from_its_labels(string label, object expected)
    {
        Assert.Equal((Applier)expected, Detect(Object(labels: $$"""{"{{label}}":"apps"}""")));
    }

    [Fact]
    public void Reads_kubectl_from_the_last_applied_annotation()
    {
        Assert.Equal(Applier.Kubectl, Detect(Object(annotations: """{"kubectl.kubernetes.io/last-applied-configuration":"{}"}""")));
    }

    [Fact]
    public void Calls_an_object_without_any_signal_other_or_from_a_file()
    {
        Assert.Equal(Applier.Other, Detect(Object()));
        var fromFile = ManifestRequest.For(System.Text.Json.JsonDocument.Parse(Object()).RootElement, KnownKinds.ConfigMap, "team-a", "settings");
        Assert.Equal(Applier.Other, ApplierDetector.Detect(fromFile, fromFile.Object));
        Assert.True(new PolicyContext(fromFile, fromFile.Object!, Applier.Other).IsDeclarative);
        Assert.False(new PolicyContext(EngineHarness.Request(Object()), fromFile.Object!, Applier.Other).IsDeclarative);
    }

    [Fact]
    public void Lets_a_tool_field_manager_win_over_the_marks_on_the_object()
    {
        // A Helm-labelled object re-applied by Flux's kustomize-controller is Flux's now.
        Assert.Equal(Applier.FluxKustomize, Detect(Object(labels: HelmLabels, annotations: HelmAnnotations), fieldManager: "kustomize-controller"));
        Assert.Equal(Applier.Helm, Detect(Object(annotations: """{"argocd.argoproj.io/tracking-id":"x"}"""), fieldManager: "helm"));
    }

    [Fact]
    public void Lets_the_marks_on_the_object_win_over_kubectls_field_manager()
    {
        // Argo CD's client-side apply runs kubectl's apply code, so its requests need not carry argocd-controller; the tracking id still names it.
        var argo = Object(labels: HelmLabels, annotations: """{"argocd.argoproj.io/tracking-id":"web:apps/Deployment:team-a/web","kubectl.kubernetes.io/last-applied-configuration":"{}"}""");
        Assert.Equal(Applier.ArgoCD, Detect(argo, fieldManager: "kubectl-client-side-apply"));
        Assert.Equal(Applier.Helm, Detect(Object(labels: HelmLabels), fieldManager: "kubectl"));
    }

    [Fact]
    public void Calls_an_argocd_rendered_chart_with_helm_labels_argocd()
    {
        // Argo CD renders charts with helm template: Helm's labels, no meta.helm.sh/*, Argo CD's tracking id.
        var rendered = Object(labels: HelmLabels, annotations: """{"argocd.argoproj.io/tracking-id":"web:apps/Deployment:team-a/web"}""");
        Assert.Equal(Applier.ArgoCD, Detect(rendered));
        Assert.Equal(Applier.ArgoCD, Detect(rendered, fieldManager: "argocd-controller"));
    }

    [Fact]
    public void Calls_objects_of_a_flux_helm_release_with_helm_annotations_flux()
    {
        // helm-controller runs Helm, so its objects carry Helm's label and annotations, plus Flux's labels.
        var released = Object(
            labels: """{"app.kubernetes.io/managed-by":"Helm","helm.toolkit.fluxcd.io/name":"web","helm.toolkit.fluxcd.io/namespace":"flux-system"}""",
            annotations: HelmAnnotations);
        Assert.Equal(Applier.FluxHelm, Detect(released));
        Assert.Equal(Applier.FluxHelm, Detect(released, fieldManager: "helm-controller"));
        Assert.Equal("flux", Applier.FluxHelm.ToWire());
    }

    [Fact]
    public void Labels_every_evaluated_decision_with_the_manager()
    {
        var engine = EngineHarness.NewEngine(EngineHarness.Bind(new LabelPolicy("label-check", "bad")));

        var decision = engine.Evaluate(EngineHarness.Request(Object(annotations: HelmAnnotations)), PolicyType.Validating);

        Assert.Equal(Applier.Helm, decision.Applier);
    }

    private static string Object(string labels = "{}", string annotations = "{}") =>
        EngineHarness.ConfigMap(labels: labels, annotations: annotations);

    private static Applier Detect(string obj, string fieldManager = "", UserInfo? user = null)
    {
        var request = EngineHarness.Request(obj, fieldManager: fieldManager, user: user);
        return ApplierDetector.Detect(request, KubeObject.TryParse(Encoding.UTF8.GetBytes(obj)));
    }
}

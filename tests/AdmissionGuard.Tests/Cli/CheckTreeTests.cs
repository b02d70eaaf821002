using System.Text.Json.Nodes;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>
/// <c>check DIR</c> on repository trees of each shape, run as a process: kustomize roots rendered
/// (kustomize, or kubectl's), bases judged only through their overlays, the applier read from the
/// tree's Flux and Argo CD objects, what cannot be rendered named in one line; several
/// <c>--kustomize</c> folders; an <c>AdmissionReview</c> judged as the webhook judges it; inputs
/// that do not exist.
/// </summary>
public sealed class CheckTreeTests : IDisposable
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
        spec:
          selector:
            matchLabels: {app: app}
          template:
            metadata:
              labels: {app: app}
            spec:
              containers:
                - name: app
                  image: nginx
                  envFrom:
                    - configMapRef:
                        name: app-config

        """;

    private const string Claim = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}

        """;

    /// <summary>A kustomize Component whose one resource is claim.yaml.</summary>
    private const string ClaimComponent = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [claim.yaml]\n";

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_base_is_judged_only_through_the_overlay_that_generates_its_config()
    {
        // The reproduction, exactly: the base reads app-config, which only the overlay generates.
        temp.Write("base/deployment.yaml", Deployment);
        temp.Write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
        temp.Write("overlay/kustomization.yaml", "resources: [../base]\nconfigMapGenerator:\n  - name: app-config\n    literals: [GREETING=hello]\n");

        var result = Check(["--output", "json", "."]);

        var report = Reports.Json(result, exitCode: 0);
        Assert.DoesNotContain(Reports.Findings(report), f => (string?)f["policy"] == "config-checksum");
        Assert.Equal(["overlay"], Inputs(report));
        Assert.Equal(2, Reports.Summary(report, "objects"));
        var skipped = Assert.Single(report["summary"]!["skippedPaths"]!.AsArray());
        Assert.Equal("base", (string?)skipped!["path"]);
        Assert.Contains("judged as overlay renders it", (string?)skipped["reason"]);
    }

    [Fact]
    public void A_base_that_two_overlays_use_is_rendered_by_each_and_given_by_name_it_is_a_root()
    {
        temp.Write("base/deployment.yaml", Deployment);
        temp.Write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
        temp.Write("prod/kustomization.yaml", "namespace: prod\nresources: [../base]\nconfigMapGenerator:\n  - name: app-config\n    literals: [A=1]\n");
        temp.Write("staging/kustomization.yaml", "namespace: staging\nresources: [../base]\nconfigMapGenerator:\n  - name: app-config\n    literals: [A=2]\n");

        var tree = Check(["--output", "json", "."]);
        var alone = Check(["--output", "json", "base"]);

        Assert.True(tree.ExitCode == 0, tree.ToString());
        Assert.Equal(["prod", "staging"], Inputs(Reports.Json(tree)));
        Assert.Contains("judged as prod, staging render it", tree.Stdout);
        // Under base/ nothing uses it: it is a root there, and rendered alone it reads a ConfigMap nothing rolls.
        Assert.True(alone.ExitCode == 1, alone.ToString());
        Assert.Single(Reports.Findings(Reports.Json(alone), "config-checksum", "deny"));
    }

    [Fact]
    public void A_component_is_judged_only_through_the_kustomization_that_uses_it()
    {
        temp.Write("components/claim/kustomization.yaml", ClaimComponent);
        temp.Write("components/claim/claim.yaml", Claim);
        temp.Write("components/unused/kustomization.yaml", ClaimComponent);
        temp.Write("components/unused/claim.yaml", ClaimNamed("unused"));
        temp.Write("app/kustomization.yaml", "components: [../components/claim]\n");

        var result = Check(["--output", "json", "."]);

        var report = Reports.Json(result, exitCode: 0);
        Assert.Equal(["app"], Inputs(report));
        Assert.Equal(1, Reports.Summary(report, "objects"));
        Assert.Contains("skipped components/unused: a kustomize base or component of another kustomization, not applied on its own: no kustomization of the tree renders it", CliProcess.Run(["check", "."], workingDirectory: temp.Path).Stdout);
    }

    [Fact]
    public void A_flux_tree_gives_its_claims_flux_prune_disabled_not_helm_keep()
    {
        temp.Write("clusters/prod/apps.yaml", FluxKustomization("apps", "./apps/prod") + "---\n" + FluxKustomization("data", "./infrastructure/data"));
        // A kustomization under the Flux path, and a Flux path without one (Flux reads every manifest in it).
        temp.Write("apps/prod/kustomization.yaml", "namespace: shop\nresources: [claim.yaml]\n");
        temp.Write("apps/prod/claim.yaml", Claim);
        temp.Write("infrastructure/data/nested/claim.yaml", ClaimNamed("nested-data"));
        // kustomize-controller's generated kustomization takes *.yaml and *.yml only.
        temp.Write("infrastructure/data/claim.json", """{"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "json"}}""");

        var result = Check(["--fix", "."]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var claims = Manifests.Read(result.Stdout).Where(d => (string?)d!["kind"] == "PersistentVolumeClaim").Select(d => d!.AsObject()).ToList();
        Assert.Equal(2, claims.Count);
        Assert.All(claims, c =>
        {
            Assert.Equal("disabled", Manifests.Annotation(c, "kustomize.toolkit.fluxcd.io/prune"));
            Assert.Null(Manifests.Annotation(c, "helm.sh/resource-policy"));
        });
        Assert.DoesNotContain("pass --applier", result.Stderr);
        Assert.Contains("skipped infrastructure/data/claim.json: not applied: Flux reads only the .yaml and .yml files of a path without a kustomization (Kustomization data (clusters/prod/apps.yaml))", result.Stderr);
    }

    [Fact]
    public void An_argo_cd_tree_gives_its_claims_prune_false_and_delete_false()
    {
        temp.Write("argocd/db.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: db, namespace: argocd}
            spec:
              project: default
              source: {repoURL: https://git.example.com/deploy.git, targetRevision: main, path: apps/db}
              destination: {server: https://kubernetes.default.svc, namespace: db}
            """);
        temp.Write("argocd/set.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: services, namespace: argocd}
            spec:
              generators:
                - git:
                    repoURL: https://git.example.com/deploy.git
                    revision: main
                    directories:
                      - path: services/*
                      - path: services/legacy
                        exclude: true
              template:
                metadata: {name: '{{path.basename}}'}
                spec:
                  project: default
                  source: {repoURL: https://git.example.com/deploy.git, targetRevision: main, path: '{{path}}'}
                  destination: {server: https://kubernetes.default.svc, namespace: '{{path.basename}}'}
            """);
        temp.Write("apps/db/claim.yaml", Claim);
        WriteClaimKustomization("services/cache", "cache");
        temp.Write("services/legacy/claim.yaml", ClaimNamed("legacy"));

        var result = Check(["--fix", "."]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var claims = Manifests.Read(result.Stdout).Where(d => (string?)d!["kind"] == "PersistentVolumeClaim").ToDictionary(d => (string)d!["metadata"]!["name"]!, d => d!.AsObject());
        Assert.Equal("Prune=false,Delete=false", Manifests.Annotation(claims["data"], "argocd.argoproj.io/sync-options"));
        Assert.Equal("Prune=false,Delete=false", Manifests.Annotation(claims["cache"], "argocd.argoproj.io/sync-options"));
        Assert.Null(Manifests.Annotation(claims["data"], "helm.sh/resource-policy"));
        // Excluded from the generator: no applier known, so Helm's keep with the note.
        Assert.Equal("keep", Manifests.Annotation(claims["legacy"], "helm.sh/resource-policy"));
    }

    [Fact]
    public void A_kustomize_folder_gets_the_applier_its_repository_names()
    {
        temp.Write("clusters/apps.yaml", FluxKustomization("apps", "./apps"));
        WriteClaimKustomization("apps");

        var result = Check(["--fix", "--kustomize", "apps"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var claim = Manifests.Single(result.Stdout, "PersistentVolumeClaim", "data");
        Assert.Equal("disabled", Manifests.Annotation(claim, "kustomize.toolkit.fluxcd.io/prune"));
        Assert.Contains("apps (kubectl kustomize; applied by Flux: Kustomization apps (clusters/apps.yaml))", result.Stderr.Replace("kustomize build", "kubectl kustomize", StringComparison.Ordinal));
    }

    [Fact]
    public void Applier_on_the_command_line_overrides_the_tree()
    {
        temp.Write("clusters/apps.yaml", FluxKustomization("apps", "./apps"));
        temp.Write("apps/claim.yaml", Claim);

        var result = Check(["--fix", "--applier", "argocd", "."]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var claim = Manifests.Single(result.Stdout, "PersistentVolumeClaim", "data");
        Assert.Equal("Prune=false,Delete=false", Manifests.Annotation(claim, "argocd.argoproj.io/sync-options"));
        Assert.Null(Manifests.Annotation(claim, "kustomize.toolkit.fluxcd.io/prune"));
    }

    [Fact]
    public void A_remote_base_is_named_in_one_line_and_the_rest_is_judged()
    {
        temp.Write("flux-system/kustomization.yaml", "resources:\n  - github.com/fluxcd/flux2/manifests/install?ref=v2.4.0\n");
        WriteClaimKustomization("local");
        temp.Write("plain/claim.yaml", ClaimNamed("plain"));

        var result = Check(["."]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n').Where(l => l.Contains("flux-system", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith("skipped flux-system: not rendered: it builds on github.com/fluxcd/flux2/manifests/install?ref=v2.4.0, a remote target that is not fetched here", line);
        Output.Contains(result.Stdout, "local (", "plain/claim.yaml", "2 objects in 2 files");
    }

    [Fact]
    public void A_kustomization_of_a_tree_that_fails_to_render_is_named_and_the_rest_is_judged()
    {
        temp.Write("broken/kustomization.yaml", "resources: [missing.yaml]\n");
        temp.Write("plain/claim.yaml", Claim);

        var tree = Check(["--output", "json", "."]);
        var named = Check(["--kustomize", "broken"]);

        Assert.True(tree.ExitCode == 0, tree.ToString());
        var skipped = Assert.Single(Reports.Json(tree)["summary"]!["skippedPaths"]!.AsArray());
        Assert.Equal("broken", (string?)skipped!["path"]);
        Assert.Matches("^not rendered: (kustomize build|kubectl kustomize) failed \\(exit 1\\): .*missing\\.yaml", (string?)skipped["reason"]);
        // Named with --kustomize, the same failure fails the run.
        Assert.True(named.ExitCode == 2, named.ToString());
    }

    [Fact]
    public void Without_kustomize_or_kubectl_a_tree_names_each_kustomization_it_cannot_render()
    {
        WriteClaimKustomization("app");
        temp.Write("plain/claim.yaml", Claim);
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "empty-bin")).FullName;

        var result = CliProcess.Run(["check", "app", "plain"], workingDirectory: temp.Path, environment: new Dictionary<string, string?> { ["PATH"] = empty });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("skipped app: not rendered: it needs kustomize or kubectl, and neither is on PATH", result.Stdout);
        Assert.Contains("1 object in 1 file", result.Stdout);
    }

    [Fact]
    public void In_place_rewrites_the_plain_files_of_a_tree_and_says_a_render_was_not_written()
    {
        temp.Write("rendered/kustomization.yaml", "resources: [claim.yaml]\n");
        var inKustomization = temp.Write("rendered/claim.yaml", Claim);
        var plain = temp.Write("plain/claim.yaml", Claim);

        var result = Check(["--fix", "--in-place", "."]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("keep", Manifests.Annotation(Manifests.File(plain), "helm.sh/resource-policy"));
        Assert.Equal(Claim, File.ReadAllText(inKustomization));
        Assert.Contains("admission-guard: --in-place did not write rendered: it is rendered by kustomize", result.Stderr);
    }

    [Fact]
    public void Kustomize_takes_several_folders_after_one_flag_or_repeated()
    {
        WriteClaimKustomization("a");
        WriteClaimKustomization("b", "b");
        WriteClaimKustomization("c", "c");

        var several = Check(["--output", "json", "--kustomize", "a", "b", "--kustomize", "c"]);

        var report = Reports.Json(several, exitCode: 0);
        Assert.Equal(["a", "b", "c"], Inputs(report));
        Assert.Equal(3, Reports.Findings(report, "keep-stateful", "mutate").Count);
    }

    [Fact]
    public void A_path_or_kustomize_folder_that_does_not_exist_is_exit_2_saying_so()
    {
        var path = Check(["missing.yaml"]);
        var folder = Check(["--kustomize", "missing"]);

        Assert.True(path.ExitCode == 2, path.ToString());
        Assert.Contains("admission-guard: missing.yaml: no such file or directory", path.Stderr);
        Assert.True(folder.ExitCode == 2, folder.ToString());
        Assert.Contains("admission-guard: missing: --kustomize: no such directory", folder.Stderr);
        Assert.DoesNotContain("not a kustomization", folder.Stderr);
    }

    [Fact]
    public void The_readme_admission_review_is_denied_as_the_webhook_denies_it()
    {
        var result = CliProcess.Run("check", "--output", "json", "examples/deployment-without-checksum.json", "examples/pvc-applied-by-helm.json");

        var report = Reports.Json(result, exitCode: 1);
        var denial = Assert.Single(Reports.Findings(report, "config-checksum", "deny"));
        Assert.Equal("web", (string?)denial["name"]);
        Assert.Equal("shop", (string?)denial["namespace"]);
        Assert.Equal("request.object.spec.template.metadata.annotations", (string?)denial["path"]);
        // The review's field manager is helm: Helm's keep, as /mutate answers.
        var mutation = Assert.Single(Reports.Findings(report, "keep-stateful", "mutate"));
        Assert.Equal("data-postgres", (string?)mutation["name"]);
        Assert.Contains("helm.sh/resource-policy: keep", (string?)mutation["message"]);
        Assert.Equal(2, Reports.Summary(report, "objects"));
    }

    [Fact]
    public void A_yaml_admission_review_is_judged_with_its_operation_user_and_field_manager()
    {
        var review = temp.Write("review.yaml", """
            apiVersion: admission.k8s.io/v1
            kind: AdmissionReview
            request:
              uid: 3b9b1ab5-7a5e-4d55-9f1c-1d9d2f1a0c11
              kind: {group: "", version: v1, kind: PersistentVolumeClaim}
              resource: {group: "", version: v1, resource: persistentvolumeclaims}
              namespace: db
              operation: CREATE
              userInfo: {username: "system:serviceaccount:argocd:argocd-application-controller"}
              options: {apiVersion: meta.k8s.io/v1, kind: CreateOptions, fieldManager: argocd-controller}
              object:
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data, namespace: db}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
            """);

        var result = Check(["--output", "json", "--fix", review]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(result.Stderr)!.AsObject();
        var mutation = Assert.Single(Reports.Findings(report, "keep-stateful", "mutate"));
        Assert.Contains("argocd.argoproj.io/sync-options", (string?)mutation["message"]);
        // A review is not a manifest: --fix writes nothing of it.
        Assert.Empty(Manifests.Read(result.Stdout));
    }

    [Fact]
    public void An_admission_review_the_webhook_could_not_read_is_an_input_error()
    {
        var review = temp.Write("review.json", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE"}}""");

        var result = Check([review]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("AdmissionReview: the webhook could not read it either: request.", result.Stderr);
    }

    /// <summary><see cref="Claim"/> under another name.</summary>
    private static string ClaimNamed(string name) => Claim.Replace("name: data", $"name: {name}", StringComparison.Ordinal);

    /// <summary>A kustomization in <paramref name="folder"/> whose one resource is claim.yaml, the claim named <paramref name="claim"/>.</summary>
    private void WriteClaimKustomization(string folder, string claim = "data")
    {
        temp.Write($"{folder}/kustomization.yaml", "resources: [claim.yaml]\n");
        temp.Write($"{folder}/claim.yaml", ClaimNamed(claim));
    }

    private static string FluxKustomization(string name, string path) => $"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {"{"}name: {name}, namespace: flux-system{"}"}
        spec:
          interval: 10m
          path: {path}
          prune: true
          sourceRef: {"{"}kind: GitRepository, name: flux-system{"}"}

        """;

    private static string[] Inputs(JsonNode report) =>
        [.. report["summary"]!["inputs"]!.AsArray().Select(i => (string)i!["file"]!)];

    private ProcessResult Check(string[] args) => CliProcess.Run(["check", .. args], workingDirectory: temp.Path);
}

using System.Text.Json.Nodes;

namespace AdmissionGuard.Tests.Cli;

/// <summary><c>admission-guard post-render</c> on its own, with Helm's contract: stdin in, stdout out.</summary>
public sealed class PostRenderTests
{
    [Fact]
    public void Writes_the_mutated_manifests_to_standard_output()
    {
        var input = File.ReadAllText(Path.Combine(Testdata.Manifests, "clean.yaml")) + "---\n" + File.ReadAllText(Path.Combine(Testdata.Manifests, "pvc.yaml"));

        var result = CliProcess.Run(["post-render"], stdin: input);

        Assert.True(result.ExitCode == 0, result.ToString());
        var docs = Manifests.Read(result.Stdout);
        Assert.Equal(["ConfigMap", "Service", "PersistentVolumeClaim"], docs.Select(d => (string)d!["kind"]!).ToArray());
        Assert.Equal("keep", Manifests.Annotation(docs[2]!.AsObject(), Manifests.Keep));
    }

    [Fact]
    public void Counts_every_object_as_applied_by_helm()
    {
        // No label says who applies this PVC; as a post-renderer, Helm does. So it gets Helm's
        // annotation and none of Argo CD's or Flux's.
        const string pvc = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: bare
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
            """;

        var result = CliProcess.Run(["post-render"], stdin: pvc);

        Assert.True(result.ExitCode == 0, result.ToString());
        var annotations = Manifests.Read(result.Stdout).Single()!["metadata"]!["annotations"]!.AsObject();
        Assert.Equal([Manifests.Keep], annotations.Select(a => a.Key).ToArray());
    }

    [Fact]
    public void On_an_enforced_violation_writes_nothing_to_standard_output_and_the_findings_to_standard_error()
    {
        var result = CliProcess.Run(["post-render"], stdin: File.ReadAllText(Path.Combine(Testdata.Manifests, "deployment.yaml")));

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("config-checksum", result.Stderr);
        Assert.Contains("Deployment shop/web", result.Stderr);
    }

    [Fact]
    public void Never_writes_an_empty_output_on_success()
    {
        var result = CliProcess.Run(["post-render"], stdin: "---\n# Source: chart/templates/empty.yaml\n");

        Assert.Equal(0, result.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Stdout));
        Assert.Empty(Manifests.Read(result.Stdout));
    }

    [Fact]
    public void Fails_with_2_on_unreadable_input()
    {
        var result = CliProcess.Run(["post-render"], stdin: "kind: ConfigMap\nmetadata: [oops\n");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("YAML syntax error", result.Stderr);
    }

    [Fact]
    public void Names_the_chart_template_of_each_finding()
    {
        var input = "---\n# Source: shop/templates/deployment.yaml\n" + File.ReadAllText(Path.Combine(Testdata.Manifests, "deployment.yaml"));

        var result = CliProcess.Run(["post-render"], stdin: input);

        Assert.Contains("from shop/templates/deployment.yaml", result.Stderr);
    }

    internal static JsonObject Pvc(string yaml) =>
        Manifests.Read(yaml).OfType<JsonObject>().Single(o => (string?)o["kind"] == "PersistentVolumeClaim");
}

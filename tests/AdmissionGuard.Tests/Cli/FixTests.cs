using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Testing;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace AdmissionGuard.Tests.Cli;

public sealed class FixTests
{
    [Fact]
    public void Fix_adds_the_keep_annotation_and_keeps_every_other_field()
    {
        var pvc = Path.Combine(Testdata.Manifests, "pvc.yaml");

        var result = CliProcess.Run("check", "--fix", pvc);

        Assert.True(result.ExitCode == 0, result.ToString());
        var actual = Assert.Single(Manifests.Read(result.Stdout))!;
        // The expectation is built by an independent RFC 6902 implementation from the original file.
        var expected = Manifests.File(pvc);
        var patch = JsonSerializer.Deserialize<JsonPatchDocument>("""[{"op":"add","path":"/metadata/annotations/helm.sh~1resource-policy","value":"keep"}]""")!;
        patch.ApplyTo(expected);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected\n{expected}\nactual\n{actual}");
    }

    [Fact]
    public void Fix_writes_every_object_in_its_original_order_leaves_out_what_is_not_one_and_reports_to_standard_error()
    {
        var result = CliProcess.Run(["check", "--fix", "manifests/clean.yaml", "manifests/pvc.yaml", "other/not-objects.yaml", "other/list.yaml"], workingDirectory: Testdata.Directory);

        var docs = Manifests.Read(result.Stdout);
        var shapes = docs.Select(d => d switch
        {
            JsonObject o when o["kind"] is not null => (string)o["kind"]!,
            JsonObject => "mapping",
            JsonArray => "sequence",
            _ => "scalar",
        }).ToArray();
        // not-objects.yaml's scalar, sequence and mapping are skipped, and kubectl apply would refuse them.
        Assert.Equal(["ConfigMap", "Service", "PersistentVolumeClaim", "ConfigMap", "List", "ConfigMapList"], shapes);
        Assert.Equal("keep", Manifests.Annotation(docs[2]!.AsObject(), Manifests.Keep));
        Assert.Equal("keep", Manifests.Annotation(docs[4]!["items"]![0]!.AsObject(), Manifests.Keep));
        Assert.Contains("keep-stateful", result.Stderr);
        Assert.Contains("Exit code 0", result.Stderr);
    }

    [Fact]
    public void Fix_output_checked_again_with_fix_is_identical()
    {
        var first = CliProcess.Run(["check", "--fix", "manifests", "other/list.yaml", "other/quoting.yaml", "other/objects.json", "other/not-objects.yaml", "other/secret-stringdata.yaml"], workingDirectory: Testdata.Directory);
        var second = CliProcess.Run(["check", "--fix", "-"], stdin: first.Stdout);

        Assert.NotEmpty(first.Stdout);
        Assert.Equal(first.Stdout, second.Stdout);
        // The second pass finds nothing left to change.
        Assert.Contains("0 mutate", second.Stderr);
    }

    [Fact]
    public void Fix_quotes_strings_that_yaml_would_read_as_booleans_numbers_or_null()
    {
        var file = Path.Combine(Testdata.Other, "quoting.yaml");
        var original = Manifests.Single(File.ReadAllText(file), "ConfigMap", "tricky");

        var result = CliProcess.Run("check", "--fix", file);

        var written = Manifests.Single(result.Stdout, "ConfigMap", "tricky");
        Assert.True(JsonNode.DeepEquals(original, written), $"expected\n{original}\nactual\n{written}");
        Output.Contains(result.Stdout, "\"yes\": \"yes\"", "version: \"1.0\"", "equals: \"=\"", "octal: \"0755\"", "quantity: 512Mi", "script: |");
    }

    [Fact]
    public void Fix_passes_string_data_through_unchanged()
    {
        var file = Path.Combine(Testdata.Other, "secret-stringdata.yaml");

        var result = CliProcess.Run("check", "--fix", file);

        var written = Manifests.Single(result.Stdout, "Secret", "api");
        Assert.True(JsonNode.DeepEquals(Manifests.File(file), written));
    }

    [Fact]
    public void Fix_writes_nothing_when_an_input_cannot_be_read()
    {
        var result = CliProcess.Run(["check", "--fix", "manifests/pvc.yaml", "other/broken.yaml"], workingDirectory: Testdata.Directory);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("--fix wrote nothing", result.Stderr);
    }

    [Fact]
    public void In_place_rewrites_the_changed_files_and_leaves_the_others_byte_for_byte()
    {
        using var temp = new TempDirectory();
        var pvc = temp.Copy(Path.Combine(Testdata.Manifests, "pvc.yaml"));
        var clean = temp.Copy(Path.Combine(Testdata.Manifests, "clean.yaml"));
        var json = temp.Copy(Path.Combine(Testdata.Other, "objects.json"));
        var cleanBefore = File.ReadAllBytes(clean);

        var result = CliProcess.Run(["check", "--in-place", "."], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("rewrote pvc.yaml", result.Stderr);
        Assert.Contains("rewrote objects.json", result.Stderr);
        Assert.Contains("keep-stateful", result.Stdout);
        Assert.Equal("keep", Manifests.Annotation(Manifests.File(pvc), Manifests.Keep));
        Assert.Equal("team-a", Manifests.Annotation(Manifests.File(pvc), "example.com/owner"));
        Assert.Equal(cleanBefore, File.ReadAllBytes(clean));
        // A JSON file stays JSON.
        var objects = File.ReadAllText(json);
        Assert.StartsWith("{", objects);
        var docs = Manifests.Read(objects);
        Assert.Equal("keep", Manifests.Annotation(docs[1]!.AsObject(), Manifests.Keep));
        Assert.Equal(2, docs.Count);

        var again = CliProcess.Run(["check", "--in-place", "."], workingDirectory: temp.Path);
        Assert.DoesNotContain("rewrote", again.Stderr);
    }

    [Fact]
    public void Fix_writes_every_corpus_document_back_as_it_was_apart_from_the_added_annotations()
    {
        var files = Directory.GetFiles(Repository.Corpus, "*.yaml").Order(StringComparer.Ordinal).ToArray();
        var original = files.SelectMany(f => Manifests.Read(File.ReadAllText(f))).ToList();

        var result = CliProcess.Run(["check", "--fix", .. files]);

        var written = Manifests.Read(result.Stdout);
        Assert.Equal(original.Count, written.Count);
        var changed = 0;
        for (var i = 0; i < original.Count; i++)
        {
            if (JsonNode.DeepEquals(original[i], written[i]))
            {
                continue;
            }

            // A mutated document differs only by annotations the original did not have.
            changed++;
            var kind = (string?)written[i]!["kind"];
            Assert.Contains(kind, new[] { "PersistentVolumeClaim", "CustomResourceDefinition", "List" });
            var added = written[i]!.DeepClone().AsObject();
            var before = original[i]!["metadata"]?["annotations"]?.AsObject();
            var annotations = added["metadata"]!["annotations"]!.AsObject();
            foreach (var key in annotations.Select(a => a.Key).ToList())
            {
                if (before is null || !before.ContainsKey(key))
                {
                    annotations.Remove(key);
                }
            }

            if (before is null)
            {
                added["metadata"]!.AsObject().Remove("annotations");
            }

            Assert.True(JsonNode.DeepEquals(original[i], added), $"document {i} ({kind}) changed beyond its annotations");
        }

        Assert.True(changed > 0, "the corpus has PVCs and CRDs to mutate");
    }
}

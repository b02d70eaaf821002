using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Manifests;

public sealed class ManifestReaderTests
{
    [Fact]
    public void Reads_multi_document_stream_with_start_lines()
    {
        var docs = ManifestReader.Read("# c\napiVersion: v1\nkind: ConfigMap\n---\n---\n# x\napiVersion: v1\nkind: Secret\n", "f.yaml");
        Assert.Equal(3, docs.Count);
        Assert.Equal(2, docs[0].Line);
        Assert.Null(docs[1].Content);
        Assert.Equal(7, docs[2].Line);
        Assert.Equal("Secret", (string?)docs[2].Content!["kind"]);
    }

    [Fact]
    public void Types_plain_scalars_as_yaml_1_1_and_keeps_quoted_ones_strings()
    {
        var doc = ManifestReader.Read("a: yes\nb: \"yes\"\nc: 0x1F\nd: 010\ne: 1.5\nf: =\ng: ~\nh: 08\ni: '42'\n", "f.yaml")[0].Content!;
        Assert.True((bool)doc["a"]!);
        Assert.Equal("yes", (string?)doc["b"]);
        Assert.Equal(31L, (long)doc["c"]!);
        Assert.Equal(8L, (long)doc["d"]!);
        Assert.Equal(1.5, (double)doc["e"]!);
        Assert.Equal("=", (string?)doc["f"]);
        Assert.Null(doc["g"]);
        Assert.Equal("42", (string?)doc["i"]);
    }

    [Fact]
    public void Reads_concatenated_json_objects_as_one_document_each_with_start_lines()
    {
        var docs = ManifestReader.Read("{\"kind\": \"ConfigMap\"}\n\n{\n  \"kind\": \"Secret\",\n  \"v\": 1.0\n}\n", "f.json");
        Assert.Equal(2, docs.Count);
        Assert.Equal(1, docs[0].Line);
        Assert.Equal(3, docs[1].Line);
        Assert.Equal(1, docs[1].Index);
        Assert.Equal("Secret", (string?)docs[1].Content!["kind"]);
    }

    [Fact]
    public void Reads_a_yaml_flow_mapping_that_is_not_json_as_yaml()
    {
        var docs = ManifestReader.Read("{kind: ConfigMap, data: {a: yes}}\n", "f.yaml");
        Assert.Single(docs);
        Assert.True((bool)docs[0].Content!["data"]!["a"]!);
    }

    [Fact]
    public void Resolves_anchors_aliases_and_merge_keys()
    {
        var doc = ManifestReader.Read("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nlist: [*b]\n", "f.yaml")[0].Content!;
        Assert.Equal(1L, (long)doc["other"]!["x"]!);
        Assert.Equal(3L, (long)doc["other"]!["y"]!);
        Assert.Equal(2L, (long)doc["list"]![0]!["y"]!);
    }

    [Fact]
    public void A_duplicate_key_ends_the_stream_with_an_error_naming_both_lines()
    {
        var docs = ManifestReader.Read("kind: ConfigMap\n---\nkind: Secret\nmetadata:\n  name: a\n  labels: {}\n  name: b\n---\nkind: Service\n", "f.yaml");

        Assert.Equal(2, docs.Count);
        Assert.Equal("ConfigMap", (string?)docs[0].Content!["kind"]);
        Assert.True(docs[1].IsError);
        Assert.Equal(7, docs[1].Line);
        Assert.Equal("mapping key \"name\" already defined at line 5 (kubectl and kustomize refuse a duplicate key)", docs[1].Error);
    }

    [Fact]
    public void A_key_that_overrides_a_merged_one_is_not_a_duplicate()
    {
        var docs = ManifestReader.Read("base: &b {a: 1, c: 3}\nd:\n  <<: *b\n  a: 2\n", "f.yaml");

        var doc = Assert.Single(docs);
        Assert.False(doc.IsError, doc.Error);
        Assert.Equal(2L, (long)doc.Content!["d"]!["a"]!);
        Assert.Equal(3L, (long)doc.Content!["d"]!["c"]!);
    }

    [Fact]
    public void A_duplicate_key_in_json_is_reported_with_its_line()
    {
        var docs = ManifestReader.Read("{\"kind\": \"ConfigMap\",\n \"data\": {\"a\": \"1\"},\n \"data\": {}}\n", "f.json");

        var doc = Assert.Single(docs);
        Assert.True(doc.IsError);
        Assert.Equal(3, doc.Line);
        Assert.StartsWith("mapping key \"data\" already defined at line 2", doc.Error);
    }

    [Fact]
    public void Reports_a_syntax_error_with_its_line_after_the_good_documents()
    {
        var docs = ManifestReader.Read("a: 1\n---\nb: [1, 2\nc: 3\n", "bad.yaml");
        Assert.Equal(2, docs.Count);
        Assert.False(docs[0].IsError);
        Assert.True(docs[1].IsError);
        Assert.Contains("line", docs[1].Error);
        Assert.True(docs[1].Line >= 3);
    }

    [Fact]
    public void Reads_every_corpus_file_without_syntax_errors()
    {
        var files = Directory.GetFiles(Repository.Corpus, "*.yaml");
        Assert.NotEmpty(files);
        var objects = 0;
        foreach (var file in files)
        {
            var docs = ManifestReader.Read(File.ReadAllText(file), file);
            Assert.All(docs, d => Assert.False(d.IsError, d.Error));
            objects += docs.Count(d => d.Content is JsonObject);
        }

        Assert.True(objects > 500, $"only {objects} objects");
    }
}

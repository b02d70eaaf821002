using System.Text.Json.Nodes;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Cli;
using Xunit.Abstractions;

namespace AdmissionGuard.Tests.Scan;

/// <summary>
/// The corpus loaded into the stand-in as live objects: the scan finds what <c>check</c> finds
/// on the files, object by object and policy by policy, except where the live applier changes
/// the answer, each such case named (docs/scan.md lists them).
/// </summary>
public sealed class ScanCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Scan_reports_what_check_reports_on_the_corpus_except_where_the_live_applier_decides()
    {
        await using var server = await StandInApiServer.StartAsync();
        server.PageSizeCap = 50;
        var files = Directory.GetFiles(Repository.Corpus, "*.yaml");
        var loaded = LiveObjects.FromFiles(files, server);
        Assert.True(loaded.Count > 300, $"only {loaded.Count} objects loaded");

        using var scan = new ScanProcess(server);
        var scanned = scan.Run("--output", "json");
        Assert.True(scanned.ExitCode is 0 or 1, scanned.ToString());
        var check = CliProcess.Run(["check", "--output", "json", .. files]);
        Assert.True(check.ExitCode is 0 or 1, check.ToString());

        var byLive = loaded.ToDictionary(l => (l.Kind, (string?)l.Object["metadata"]!["namespace"]?.GetValue<string>(), l.Name));
        var byOrigin = loaded.ToDictionary(l => (l.File, l.Document, l.Kind, l.Name));
        var expected = Findings(check.Stdout, f => byOrigin.GetValueOrDefault((Path.GetFileName(f.File), f.Document, f.Kind, f.Name)));
        var actual = Findings(scanned.Stdout, f => byLive.GetValueOrDefault((f.Kind, f.Namespace, f.Name)));

        var targeted = AdmissionGuard.Scan.ClusterScanner.TargetedKinds(AdmissionGuard.Core.Configuration.PolicyLoader.LoadDefaults().Policies!)
            .Select(k => k.Kind).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(loaded.Count(l => targeted.Contains(l.Kind)), JsonNode.Parse(scanned.Stdout)!["summary"]!["objects"]!.GetValue<int>());
        Assert.NotEmpty(expected);

        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        var unexplained = missing.Select(m => ("only check", m)).Concat(extra.Select(e => ("only scan", e)))
            .Where(d => Explanation(d.Item1, d.Item2) is null)
            .Select(d => $"{d.Item1}: {d.Item2}")
            .ToList();
        Assert.True(unexplained.Count == 0, string.Join("\n", unexplained.Take(40)));

        // Most findings are the same both ways; the differences are the named cases, and each occurs.
        var same = expected.Intersect(actual).Count();
        Assert.True(same > expected.Count * 0.8, $"{same} of {expected.Count} findings agree");
        var reasons = missing.Select(m => Explanation("only check", m)).Concat(extra.Select(e => Explanation("only scan", e))).Distinct().ToList();
        output.WriteLine($"{loaded.Count} objects stored; check {expected.Count} findings, scan {actual.Count}; {same} agree");
        foreach (var group in missing.Select(m => Explanation("only check", m)).Concat(extra.Select(e => Explanation("only scan", e))).GroupBy(r => r))
        {
            output.WriteLine($"{group.Count()}: {group.Key}");
        }

        Assert.Contains("a Helm-installed claim or CRD: the webhook adds that helm uninstall ignores a live annotation", reasons);
        Assert.Contains("applied by kubectl: keep-stateful's managed scope covers Helm, Argo CD, Flux and files, not kubectl", reasons);
    }

    /// <summary>A finding as both reports give it, tied to the corpus object it is about.</summary>
    internal sealed record Key(string File, int Document, string Kind, string Name, string Manager, string Policy, string Result, string Path);

    private static HashSet<Key> Findings(string json, Func<(string File, int Document, string Kind, string? Namespace, string Name), LiveObjects.Loaded?> resolve)
    {
        var keys = new HashSet<Key>();
        foreach (var f in JsonNode.Parse(json)!["findings"]!.AsArray())
        {
            var origin = resolve((f!["file"]!.GetValue<string>(), f["document"]!.GetValue<int>(), f["kind"]!.GetValue<string>(), f["namespace"]?.GetValue<string>(), f["name"]?.GetValue<string>() ?? string.Empty));
            if (origin is null)
            {
                continue; // A duplicate the stand-in could not hold twice.
            }

            // Live Secrets hold data only: the API server folds stringData into it.
            var path = string.Join(", ", f["path"]!.GetValue<string>().Split(", ").Select(p => p.Replace("stringData", "data", StringComparison.Ordinal)).Distinct());
            keys.Add(new Key(origin.File, origin.Document, origin.Kind, origin.Name, origin.Manager, f["policy"]!.GetValue<string>(), f["result"]!.GetValue<string>(), path));
        }

        return keys;
    }

    /// <summary>Why a finding legitimately differs between a file and the live object; null when nothing explains it.</summary>
    internal static string? Explanation(string side, Key k) => (side, k.Policy, k.Manager) switch
    {
        ("only scan", "keep-stateful", "helm") when k.Result == "warn" =>
            "a Helm-installed claim or CRD: the webhook adds that helm uninstall ignores a live annotation",
        ("only check", "keep-stateful", "kubectl-client-side-apply") =>
            "applied by kubectl: keep-stateful's managed scope covers Helm, Argo CD, Flux and files, not kubectl",
        ("only scan", "keep-stateful", "argocd-controller" or "kustomize-controller") =>
            "applied by Argo CD or Flux: keep-stateful also adds that tool's own keep annotation",
        _ => null,
    };
}

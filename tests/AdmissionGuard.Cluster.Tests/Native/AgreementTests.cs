using Xunit.Abstractions;

namespace AdmissionGuard.Cluster.Tests.Native;

/// <summary>
/// The compiled policies against the webhook on a real API server (docs/native-policies.md): every
/// policy fixture a create can replay, a fixed sample of both corpora and their largest objects (all
/// of them with <c>NATIVE_AGREEMENT_ALL=1</c>, <c>make native-agreement</c>), sent once to each side.
/// Differences must be 0; the table goes to the test output and to artifacts/native-agreement*.md.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class AgreementTests(KubeControlPlane cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Native_policies_never_deny_what_the_webhook_allows_and_mark_what_it_marks()
    {
        var kinds = NativeSide.Compile(failClosed: false).Rules.SelectMany(r => r.Kinds).Select(k => k.Kind).ToHashSet(StringComparer.Ordinal);
        var all = Environment.GetEnvironmentVariable("NATIVE_AGREEMENT_ALL") == "1";
        var cases = AgreementCase.Fixtures(kinds).Concat(AgreementCase.Corpus(kinds, every: all ? 1 : 10))
            .Concat(all ? [] : AgreementCase.Largest(kinds, perKind: 3)).ToList();

        using var api = KubeApi.Of(cluster);
        await using var webhook = await WebhookServer.StartAsync(cluster);
        var (tallies, celErrors, largest) = await AgreementRun.RunAsync(api, cases, webhook.Url, cluster.Pki.CaPem);
        var table = AgreementRun.Table(tallies, cases.Count);
        output.WriteLine(table);
        foreach (var (id, tally) in tallies)
        {
            output.WriteLine($"{id} webhook-only: {string.Join(", ", tally.WebhookOnlyCases)}");
        }

        output.WriteLine($"CEL errors (cost or otherwise): {celErrors}; largest object sent: {largest} bytes of JSON");
        var report = Path.Combine(Repository.Root, "artifacts", all ? "native-agreement-all.md" : "native-agreement.md");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        File.WriteAllText(report, table + $"\nCEL errors: {celErrors}; largest object: {largest} bytes of JSON\n");

        Assert.Equal(0, celErrors);
        foreach (var (id, tally) in tallies)
        {
            Assert.True(tally.Differs == 0, $"{id}: {tally.Differs} differences:\n{string.Join('\n', tally.Differences.Take(20))}\n{cluster.Where}");
            Assert.True(tally.Agreed > 0, $"{id}: no object judged by both sides");
        }
    }
}

/// <summary>
/// A control plane of its own: the native policies these tests install act on every request, so
/// they must not meet the other cluster tests' objects.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NativeCollection : ICollectionFixture<KubeControlPlane>
{
    public const string Name = "kube-apiserver with native policies";
}

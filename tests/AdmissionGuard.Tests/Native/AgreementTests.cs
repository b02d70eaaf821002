using System.Security.Cryptography.X509Certificates;
using AdmissionGuard.Core.Compile;
using AdmissionGuard.Tests.Server;
using Xunit.Abstractions;

namespace AdmissionGuard.Tests.Native;

/// <summary>
/// The compiled policies against the webhook on a real API server (docs/native-policies.md): every
/// policy fixture a create can replay and a fixed sample of both corpora (all of them with
/// <c>NATIVE_AGREEMENT_ALL=1</c>, <c>make native-agreement</c>), sent once to each side. Differences
/// must be 0; the table goes to the test output and to artifacts/native-agreement.md.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class AgreementTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Native_policies_never_deny_what_the_webhook_allows_and_mark_what_it_marks()
    {
        var kinds = NativeSide.Compile(failClosed: false).Rules.SelectMany(r => r.Kinds).Select(k => k.Kind).ToHashSet(StringComparer.Ordinal);
        var all = Environment.GetEnvironmentVariable("NATIVE_AGREEMENT_ALL") == "1";
        var cases = AgreementCase.Fixtures(kinds).Concat(AgreementCase.Corpus(kinds, every: all ? 1 : 10))
            .Concat(all ? [] : AgreementCase.Largest(kinds, perKind: 3)).ToList();

        using var directory = new TempDirectory();
        using var serve = ServeProcess.Start(
            "serve", "--address", "127.0.0.1", "--port", "0", "--health-port", "0",
            "--generated-cert-dir", directory.Path, "--shutdown-delay", "0s");
        var listening = await serve.WaitForLineAsync(line => (int?)line["EventId"] == 30);
        var address = (string)listening["State"]!["Admission"]!;

        var (tallies, celErrors, largest) = await AgreementRun.RunAsync(fixture.Plane, cases, address, File.ReadAllText(Path.Combine(directory.Path, "ca.crt")));
        var table = AgreementRun.Table(tallies, cases.Count);
        output.WriteLine(table);
        foreach (var (id, tally) in tallies)
        {
            output.WriteLine($"{id} webhook-only: {string.Join(", ", tally.WebhookOnlyCases)}");
        }

        output.WriteLine($"CEL errors (cost or otherwise): {celErrors}; largest object sent: {largest} bytes of JSON");
        var report = Path.Combine(Cli.TestPaths.RepositoryRoot, "artifacts", all ? "native-agreement-all.md" : "native-agreement.md");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        File.WriteAllText(report, table + $"\nCEL errors: {celErrors}; largest object: {largest} bytes of JSON\n");

        Assert.Equal(0, celErrors);
        foreach (var (id, tally) in tallies)
        {
            Assert.True(tally.Differs == 0, $"{id}: {tally.Differs} differences:\n{string.Join('\n', tally.Differences.Take(20))}");
            Assert.True(tally.Agreed > 0, $"{id}: no object judged by both sides");
        }
    }
}

/// <summary>One control plane for the tests that need one, started once.</summary>
public sealed class ControlPlaneFixture : IDisposable
{
    public ControlPlane Plane { get; } = new();

    public void Dispose() => Plane.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control plane";
}

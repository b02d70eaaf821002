using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// Memory does not grow with the volume of reviews answered, measured on a server process of its
/// own: its managed heap is capped, and it must answer many times that cap in reviews near the
/// body limit. A server that kept any sizeable part of what it answered would run out of heap and
/// fail a review; one that keeps only bounded pools answers them all, however many are sent.
/// </summary>
public sealed class ServerMemoryTests : IDisposable
{
    private const long MiB = 1024 * 1024;

    /// <summary>
    /// The cap, from the limits: one review at a time here, holding its body (at most the 7 MiB
    /// body limit), its parsed document (about twice the body) and its answer (the echoed uid, at
    /// most the body): four bodies, 28 MiB. On top of that the pools' buffers, each at most a body,
    /// a few per size class, and the runtime itself (about 20 MiB idle). 192 MiB leaves room for
    /// twenty bodies in pools, and is far below the volume sent.
    /// </summary>
    private const long HeapCap = 192 * MiB;

    /// <summary>How many times the cap is sent: a server keeping a quarter of every body would pass the cap before the end.</summary>
    private const int CapsSent = 4;

    private readonly TempDirectory directory = new();

    [Fact]
    public async Task A_server_with_its_heap_capped_answers_four_times_the_cap_in_reviews_near_the_body_limit()
    {
        var bodies = new (string What, string Path, byte[] Body)[]
        {
            ("a 6 MB ConfigMap value ending in a private key", "/validate", Encoding.UTF8.GetBytes(BigBodyTests.HugeConfigMapValue())),
            ("300,000 groups", "/validate", Encoding.UTF8.GetBytes(BigBodyTests.HugeGroups())),
            ("60,000 env variables", "/validate", Encoding.UTF8.GetBytes(BigBodyTests.HugeEnv())),
            ("a 1 MB uid", "/mutate", Encoding.UTF8.GetBytes(BigBodyTests.HugeUid())),
        };
        var perRound = bodies.Sum(b => (long)b.Body.Length);
        var rounds = (int)(CapsSent * HeapCap / perRound) + 1;

        using var serve = ServeProcess.Start(
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = HeapCap.ToString("x", CultureInfo.InvariantCulture) },
            "serve", "--address", "127.0.0.1", "--port", "0", "--health-port", "0",
            "--generated-cert-dir", directory.Path, "--shutdown-delay", "0s");
        var listening = await serve.WaitForLineAsync(line => (int?)line["EventId"] == 30);
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory.Path, "ca.crt")));
        using var client = CaTrust.Client(ca);
        client.BaseAddress = new Uri($"https://{(string)listening["State"]!["Admission"]!}");

        for (var round = 0; round < rounds; round++)
        {
            foreach (var (what, path, body) in bodies)
            {
                Assert.Equal(200, await HttpInvariant.CheckAsync(client, path, body, $"{what}, round {round + 1} of {rounds}"));
            }
        }

        Assert.Equal(0, await serve.TerminateAsync());
        Assert.DoesNotContain("OutOfMemory", serve.Errors, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();
}

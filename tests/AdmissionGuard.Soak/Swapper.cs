using System.Diagnostics;

namespace AdmissionGuard.Soak;

/// <summary>
/// Swaps the mounted policy files and certificate files again and again while the load runs:
/// policies cycle A, invalid, B, invalid, A...; certificates are renewed, one renewal in four a
/// broken pair (a new certificate with the old key) that the server must refuse.
/// </summary>
internal sealed class Swapper(SoakOptions options, PolicySets sets, Certificates certificates, string policyDirectory, string certificateDirectory)
{
    private (string Certificate, string Key, string Thumbprint) current;

    public int PolicySwaps { get; private set; }

    public int CertificateSwaps { get; private set; }

    public int BrokenCertificatePairs { get; private set; }

    /// <summary>Thumbprints of the valid certificates published, in order.</summary>
    public List<string> Issued { get; } = [];

    /// <summary>Set A and a first certificate, before the server starts.</summary>
    public void PublishInitial()
    {
        Volume.Publish(policyDirectory, d => PolicySets.Write(d, sets.A));
        current = certificates.Issue();
        Issued.Add(current.Thumbprint);
        certificates.Publish(certificateDirectory, current.Certificate, current.Key);
    }

    public Task RunAsync(Stopwatch clock, TimeSpan until) => Task.WhenAll(
        Task.Run(() => LoopAsync(clock, until, options.PolicySwapInterval, SwapPolicies)),
        Task.Run(() => LoopAsync(clock, until, options.CertificateSwapInterval, SwapCertificate)));

    /// <summary>Set A once more, to check the answers once the last swap has settled.</summary>
    public void PublishFinal() => Publish(sets.A);

    /// <summary>Renews the certificate with a valid pair; returns its thumbprint.</summary>
    public string RenewCertificate()
    {
        current = certificates.Issue();
        Issued.Add(current.Thumbprint);
        certificates.Publish(certificateDirectory, current.Certificate, current.Key);
        return current.Thumbprint;
    }

    /// <summary>Publishes one set as a kubelet updates a mounted ConfigMap.</summary>
    public void Publish(IReadOnlyDictionary<string, string> set)
    {
        // A comment makes the content new: the server reloads only what changed, and the same
        // set may be in force already when the load ends.
        var tag = ++probes;
        var first = set.Keys.Order(StringComparer.Ordinal).First();
        var files = set.ToDictionary(f => f.Key, f => f.Key == first ? $"{f.Value}\n# probe {tag}\n" : f.Value);
        Volume.Publish(policyDirectory, d => PolicySets.Write(d, files));
    }

    private int probes;

    private void SwapPolicies()
    {
        var next = (PolicySwaps % 4) switch
        {
            0 or 2 => sets.Invalid,
            1 => sets.B,
            _ => sets.A,
        };
        Volume.Publish(policyDirectory, d => PolicySets.Write(d, next));
        PolicySwaps++;
    }

    private void SwapCertificate()
    {
        var renewed = certificates.Issue();
        if (CertificateSwaps % 4 == 3)
        {
            // A certificate whose key did not arrive: the server keeps serving the previous pair.
            certificates.Publish(certificateDirectory, renewed.Certificate, current.Key);
            BrokenCertificatePairs++;
        }
        else
        {
            current = renewed;
            Issued.Add(current.Thumbprint);
            certificates.Publish(certificateDirectory, current.Certificate, current.Key);
        }

        CertificateSwaps++;
    }

    private static async Task LoopAsync(Stopwatch clock, TimeSpan until, TimeSpan interval, Action swap)
    {
        var bound = (int)Math.Min(1_000_000, until / interval + 1);
        for (var i = 0; i < bound && clock.Elapsed + interval < until; i++)
        {
            await Task.Delay(interval);
            swap();
        }
    }
}

using System.Diagnostics;
using AdmissionGuard.LoadGen.OpenLoop;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>What the first reviews after <c>/readyz</c> turned 200 took, as a new pod's first caller sees them.</summary>
internal sealed record FirstReviewResult(double FirstMs, double SecondMs, bool Ok);

/// <summary>
/// Sends the review to a server that just became ready: once on a new connection (TCP and TLS
/// handshake included, as when the API server first calls a new pod), then once more on the
/// same connection. The client's own code is warmed beforehand (<see cref="ClientWarmUp"/>), so
/// the time is the server's.
/// </summary>
internal static class FirstReview
{
    public static async Task<FirstReviewResult> MeasureAsync(Uri url, byte[] review, string uid)
    {
        using var client = new ReviewClient(url, review, uid, connections: 1, TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        var first = await client.SendAsync().ConfigureAwait(false);
        var firstMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var second = await client.SendAsync().ConfigureAwait(false);
        return new FirstReviewResult(firstMs, clock.Elapsed.TotalMilliseconds, first && second);
    }
}

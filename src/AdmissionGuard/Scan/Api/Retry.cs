using System.Net;

namespace AdmissionGuard.Scan.Api;

/// <summary>
/// What the scanner retries, and how long it waits: the answers with which the API server says
/// "not now" (429, with Retry-After; 500 to 504 but 501; for an apply also 409 Conflict), with an
/// exponential backoff of 0.5, 1, 2 and 4 s, or the server's Retry-After when it gives one (at
/// most 10 s), for at most five attempts: a call gives up after about 8 s of backoff, or 40 s of
/// Retry-After. The API server answers 429 "storage is (re)initializing" for a few seconds after
/// a CRD is created, and 429 under API priority and fairness when a flow's queue is full.
/// </summary>
internal static class Retry
{
    public const int MaxAttempts = 5;

    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(10);

    public static bool Retried(HttpStatusCode status, bool conflicts) => status switch
    {
        HttpStatusCode.TooManyRequests => true,
        HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => true,
        HttpStatusCode.Conflict => conflicts,
        _ => false,
    };

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < Longest ? asked : Longest;
        }

        var backoff = First * (1 << (attempt - 1));
        return backoff < Longest ? backoff : Longest;
    }

    /// <summary>The Retry-After header of an answer, in seconds or as a date.</summary>
    public static TimeSpan? After(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}

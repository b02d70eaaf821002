using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AdmissionGuard.Server.Hosting;

/// <summary>
/// What one client may cost the server. The webhook's caller is the API server: a few connections,
/// kept alive, each review sent whole at network speed. A client slower or larger than that is
/// cut off, so that it cannot pin connections, threads or buffers while the API server waits.
/// Every default is documented with its reason in docs/security.md; tests shorten the timeouts.
/// </summary>
internal sealed record ConnectionLimits
{
    /// <summary>
    /// A TLS handshake must finish within this (10 s). The API server completes one in
    /// milliseconds; a client that connects and stays silent is dropped.
    /// </summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The request line and headers must arrive within this once a request started (10 s;
    /// Kestrel's default is 30 s). A webhook call times out after at most 30 s, 5 s by default
    /// in the chart, so an API server never takes this long; headers trickling in are cut off.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An idle keep-alive connection is closed after this (130 s, Kestrel's default). Longer
    /// than the API server's own idle timeout (90 s, Go's http.Transport): the client closes an
    /// idle connection first, so a review is never sent on a connection the server is closing.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(130);

    /// <summary>
    /// After <see cref="MinRequestBodyGracePeriod"/>, a request body must have arrived at this
    /// average rate (64 KiB/s; Kestrel's default is 240 B/s). Even the largest review the body
    /// limit admits (7 MiB) then arrives within two minutes; the API server sends far faster, and
    /// gives up after its timeout anyway. A body sent byte by byte is cut off with 408.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 64 * 1024;

    /// <summary>
    /// A body over the body limit by at most this much (8 MiB) is read and thrown away before its
    /// 413, so that a client that writes its whole body before reading (no <c>Expect:
    /// 100-continue</c>, as the API server sends) gets the answer instead of a reset connection.
    /// Larger is answered at once and the connection closed. At network speed 8 MiB take
    /// milliseconds; the body rate below still applies, so the drain cannot be stretched out.
    /// </summary>
    public long OversizedBodyDrainBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Time a body may take before its rate is judged (5 s, Kestrel's default).</summary>
    public TimeSpan MinRequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Request line excluded, all headers together (16 KiB; Kestrel's default is 32 KiB). The
    /// API server sends a few hundred bytes of headers; endless headers are refused with 431.
    /// </summary>
    public int MaxRequestHeadersTotalSize { get; init; } = 16 * 1024;

    /// <summary>Headers per request (32; Kestrel's default is 100). The API server sends fewer than ten.</summary>
    public int MaxRequestHeaderCount { get; init; } = 32;

    /// <summary>
    /// Open connections per listener (1024; Kestrel's default is unlimited). API servers keep a
    /// few dozen each; the cap bounds what a connection flood costs, and since it counts per
    /// listener, a flood on the admission port does not starve the health port's probes.
    /// </summary>
    public long? MaxConcurrentConnections { get; init; } = 1024;

    /// <summary>
    /// HTTP/2 requests in flight on one connection (100, Kestrel's default and the minimum
    /// RFC 9113 recommends). Each may buffer a body up to the body limit.
    /// </summary>
    public int Http2MaxStreamsPerConnection { get; init; } = 100;

    /// <summary>One HTTP/2 header field, name and value, decoded (8 KiB; Kestrel's default is 16 KiB).</summary>
    public int Http2MaxRequestHeaderFieldSize { get; init; } = 8 * 1024;

    /// <summary>Sets the limits on Kestrel; the listeners' TLS handshake timeout is set where they are configured.</summary>
    public void Apply(KestrelServerLimits limits)
    {
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(MinRequestBodyBytesPerSecond, MinRequestBodyGracePeriod);
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.MaxConcurrentConnections = MaxConcurrentConnections;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.Http2.MaxStreamsPerConnection = Http2MaxStreamsPerConnection;
        limits.Http2.MaxRequestHeaderFieldSize = Http2MaxRequestHeaderFieldSize;
    }
}

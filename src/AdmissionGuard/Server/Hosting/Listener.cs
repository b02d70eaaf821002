using AdmissionGuard.Server.Admission;

namespace AdmissionGuard.Server.Hosting;

/// <summary>
/// Which listener an endpoint belongs to. Admission is HTTPS-only and health/metrics plain HTTP
/// on another port; the scheme tells the two apart whatever port numbers they were given
/// (a Service maps 443 to the pod's port, so the Host header cannot be used).
/// </summary>
internal sealed record Listener(bool Https)
{
    public static readonly Listener Admission = new(true);

    public static readonly Listener Health = new(false);

    /// <summary>
    /// Runs after routing: an endpoint reached on the other listener is treated as not found,
    /// so the health port never answers admission reviews and the admission port never exposes metrics.
    /// </summary>
    public static Task GuardAsync(HttpContext context, RequestDelegate next, Rejections rejections)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Listener>() is { } listener && listener.Https != context.Request.IsHttps)
        {
            return rejections.WriteAsync(context, RejectReason.NotFound, "no such endpoint on this port");
        }

        return next(context);
    }
}

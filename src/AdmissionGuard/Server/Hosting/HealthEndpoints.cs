using AdmissionGuard.Server.Admission;
using AdmissionGuard.Server.Monitoring;
using Prometheus;

namespace AdmissionGuard.Server.Hosting;

/// <summary>
/// The plain-HTTP health port: <c>/healthz</c> (the process answers: liveness), <c>/readyz</c>
/// (policies and certificate loaded and not shutting down: readiness) and <c>/metrics</c>
/// (Prometheus text format).
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<ReadinessState>();
        var metrics = app.Services.GetRequiredService<AdmissionMetrics>();
        var rejections = app.Services.GetRequiredService<Rejections>();

        app.Map("/healthz", context => Answer(context, rejections, StatusCodes.Status200OK, "ok"))
            .WithMetadata(Listener.Health);
        app.Map("/readyz", context => readiness.IsReady
                ? Answer(context, rejections, StatusCodes.Status200OK, "ready", readiness.ExceptionsDetail)
                : Answer(context, rejections, StatusCodes.Status503ServiceUnavailable, readiness.Reason, readiness.ExceptionsDetail))
            .WithMetadata(Listener.Health);
        app.MapMetrics("/metrics", metrics.Registry)
            .WithMetadata(Listener.Health);
    }

    private static Task Answer(HttpContext context, Rejections rejections, int status, string text, string? exceptions = null)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return rejections.WriteAsync(context, RejectReason.MethodNotAllowed, $"use GET, not {context.Request.Method}");
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return exceptions is null
            ? context.Response.WriteAsync($$"""{"status":"{{text}}"}""")
            : context.Response.WriteAsync($$"""{"status":"{{text}}","exceptions":"{{JsonEncodedText.Encode(exceptions, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}}"}""");
    }
}

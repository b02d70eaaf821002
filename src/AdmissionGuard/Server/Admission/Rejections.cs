using System.Text.Encodings.Web;
using AdmissionGuard.Server.Monitoring;

using AdmissionGuard.Server.Logging;

namespace AdmissionGuard.Server.Admission;

/// <summary>
/// The one place a request is turned away: a short JSON body
/// (<c>{"status":415,"reason":"unsupported_media_type","message":"..."}</c>), one log line and
/// one count in <c>admission_guard_http_errors_total</c>. One instance, built with the server and
/// handed to every handler that turns requests away.
/// </summary>
internal sealed class Rejections(AdmissionMetrics metrics, ILogger<AdmissionEndpoints> log)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="close">Ask the client to close the connection after this answer (<c>Connection: close</c>).</param>
    public Task WriteAsync(HttpContext context, RejectReason reason, string message, int? status = null, bool close = false)
    {
        var code = status ?? reason.StatusCode();
        var endpoint = AdmissionEndpoints.EndpointLabel(context.Request.Path);
        metrics.Rejected(endpoint, reason);
        if (reason == RejectReason.InternalError)
        {
            // The exception itself was logged where it was caught.
            log.InternalError(endpoint, context.TraceIdentifier);
        }
        else
        {
            log.Rejected(endpoint, context.Request.Method, code, reason.ToWire(), message);
        }

        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.Clear();
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        if (close)
        {
            context.Response.Headers.Connection = "close";
        }

        if (reason == RejectReason.MethodNotAllowed)
        {
            context.Response.Headers.Allow = endpoint == "other" ? "GET, HEAD" : "POST";
        }

        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("status"u8, code);
            writer.WriteString("reason"u8, reason.ToWire());
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
        }

        return Task.CompletedTask;
    }
}

using AdmissionGuard.Server.Logging;
using Microsoft.AspNetCore.Connections;

namespace AdmissionGuard.Server.Admission;

/// <summary>
/// The outermost middleware: no exception leaves the server as a dropped connection. Kestrel's
/// own refusals (bad framing, a body over Kestrel's limit, one that stopped arriving) keep their
/// 4xx status; a client that went away gets nothing; anything else is a webhook bug, logged
/// and counted, and answered 500 so that the webhook's failurePolicy decides.
/// </summary>
internal sealed class ErrorBoundary(Rejections rejections, ILogger<AdmissionEndpoints> logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e)
        {
            var reason = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? RejectReason.BodyTooLarge : RejectReason.BadRequest;
            await rejections.WriteAsync(context, reason, "the request could not be read", e.StatusCode);
        }
        catch (Exception e) when (ClientWentAway(context, e))
        {
            // The client closed the connection, or Kestrel cut it (a body too slow): there is no one to answer.
        }
        catch (Exception e)
        {
            logger.Unhandled(context.Request.Path, e);
            await rejections.WriteAsync(context, RejectReason.InternalError, "internal error; see the webhook's log");
        }
    }

    /// <summary>
    /// A read or write that failed because the connection is gone. Kestrel cancels
    /// <see cref="HttpContext.RequestAborted"/> on another thread, so the exception can arrive
    /// first: a stream or connection it aborted (an HTTP/2 connection faulted by slow streams, say)
    /// is named by a <see cref="ConnectionAbortedException"/>, itself or inside the IOException.
    /// </summary>
    internal static bool ClientWentAway(HttpContext context, Exception e) =>
        e is ConnectionAbortedException or IOException { InnerException: ConnectionAbortedException }
        || (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException);
}

using AdmissionGuard.Server.Logging;

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
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client closed the connection: there is no one to answer.
        }
        catch (Exception e)
        {
            logger.Unhandled(context.Request.Path, e);
            await rejections.WriteAsync(context, RejectReason.InternalError, "internal error; see the webhook's log");
        }
    }
}

using System.IO.Pipelines;

namespace AdmissionGuard.FloorServer;

/// <summary>Reads the whole review from the request pipe, echoes its uid and allows.</summary>
internal static class ReviewEndpoint
{
    public static async Task Handle(HttpContext context)
    {
        var body = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await body.ReadAsync(context.RequestAborted);
            if (read.IsCompleted || read.IsCanceled)
            {
                break;
            }

            // Keep everything buffered until the body is complete.
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        string? uid;
        try
        {
            uid = UidEcho.FindUid(read.Buffer);
        }
        catch (System.Text.Json.JsonException)
        {
            uid = null;
        }
        finally
        {
            body.AdvanceTo(read.Buffer.End);
        }

        if (uid is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.ContentType = "application/json";
        UidEcho.WriteAllowed(context.Response.BodyWriter, uid);
    }
}

using System.Buffers;

namespace AdmissionGuard.Server.Admission;

/// <summary>
/// The 413 for a body over the limit, answered so that the client reads it. A client that does
/// not send <c>Expect: 100-continue</c> (the API server does not) writes its whole body before
/// it reads an answer; a server that answers and closes with the body unread resets the
/// connection, and the client sees a broken pipe instead of the 413. So the rest of the body is
/// read and thrown away at network speed, up to <see cref="Hosting.ConnectionLimits.OversizedBodyDrainBytes"/>
/// past the limit, and the 413 follows on a connection that stays usable. A body declared larger
/// than that is not read at all: the 413 goes out at once with <c>Connection: close</c>. The
/// body rate limit still applies while draining, so a slow client is cut off as anywhere else.
/// </summary>
internal static class OversizedBody
{
    private const int ChunkSize = 64 * 1024;

    /// <param name="read">How much of the body was read already (the part that passed the limit).</param>
    public static async Task RejectAsync(HttpContext context, long limit, long drain, long read)
    {
        var declared = context.Request.ContentLength;
        var drained = declared is { } length
            ? length <= limit + drain && await DiscardAsync(context.Request.Body, length - read, context.RequestAborted)
            : await DiscardAsync(context.Request.Body, limit + drain - read, context.RequestAborted);
        await Rejections.WriteAsync(context, RejectReason.BodyTooLarge, $"the body is larger than {limit} bytes", close: !drained);
    }

    /// <summary>Reads the body to its end, at most <paramref name="budget"/> bytes; false when there was more.</summary>
    private static async Task<bool> DiscardAsync(Stream body, long budget, CancellationToken cancel)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long total = 0;
            while (total <= budget)
            {
                var n = await body.ReadAsync(buffer.AsMemory(0, ChunkSize), cancel);
                if (n == 0)
                {
                    return true;
                }

                total += n;
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

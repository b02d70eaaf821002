using System.Buffers;

namespace AdmissionGuard.Server.Admission;

/// <summary>
/// A request body read whole into a pooled buffer, bounded by the configured limit. The review
/// reader keeps slices of it (object, oldObject) instead of copies, so it is returned to the pool
/// only once the answer is written (<see cref="Dispose"/>), cleared first: it holds the values of
/// the Secrets under review. Bodies over <see cref="LargestPooled"/> get a buffer of their own.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private const int InitialSize = 16 * 1024;

    /// <summary>
    /// Reviews are a few kilobytes; the shared pool keeps buffers per thread and per core, so
    /// pooling multi-megabyte ones kept hundreds of megabytes alive after a few big reviews
    /// (measured in BigBodyTests). Larger bodies are left to the garbage collector.
    /// </summary>
    private const int LargestPooled = 1024 * 1024;

    private byte[]? buffer;

    private RequestBody(byte[] buffer, int length)
    {
        this.buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, Length);

    /// <summary>Reads the body; null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async ValueTask<RequestBody?> ReadAsync(HttpRequest request, long limit, CancellationToken cancel)
    {
        // One byte past the limit tells "exactly the limit" from "more".
        var cap = (int)Math.Min(limit + 1, Array.MaxLength);
        var size = request.ContentLength is { } declared ? (int)Math.Min(declared + 1, cap) : Math.Min(InitialSize, cap);
        var rented = Rent(size);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == rented.Length)
                {
                    if (filled >= cap)
                    {
                        Return(rented, filled);
                        return null;
                    }

                    var larger = Rent((int)Math.Min((long)rented.Length * 2, cap));
                    rented.AsSpan(0, filled).CopyTo(larger);
                    Return(rented, filled);
                    rented = larger;
                }

                var read = await request.Body.ReadAsync(rented.AsMemory(filled, Math.Min(rented.Length, cap) - filled), cancel);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                if (filled >= cap)
                {
                    Return(rented, filled);
                    return null;
                }
            }

            return new RequestBody(rented, filled);
        }
        catch
        {
            Return(rented, filled);
            throw;
        }
    }

    public void Dispose()
    {
        if (buffer is { } b)
        {
            buffer = null;
            Return(b, Length);
        }
    }

    private static byte[] Rent(int size) =>
        size <= LargestPooled ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Return(byte[] buffer, int used)
    {
        buffer.AsSpan(0, used).Clear();
        if (buffer.Length <= LargestPooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

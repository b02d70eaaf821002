using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// The text of a JSON string value, unescaped into a pooled buffer instead of a new string: a
/// ConfigMap holding a 20 KB config file is scanned without allocating its copy. The buffer may
/// hold a credential, so it is cleared before it goes back to the pool.
/// </summary>
internal ref struct PooledText
{
    /// <summary>
    /// Values are short; the shared pool keeps buffers per thread and per core, so pooling one for
    /// each multi-megabyte value kept hundreds of megabytes alive after a few big ConfigMaps
    /// (measured by BigBodyTests). Longer values get a buffer of their own.
    /// </summary>
    private const int LargestPooled = 256 * 1024;

    private char[]? buffer;

    private PooledText(char[] buffer, int length)
    {
        this.buffer = buffer;
        Span = buffer.AsSpan(0, length);
    }

    public ReadOnlySpan<char> Span { get; private set; }

    /// <summary>The unescaped characters of a JSON string element.</summary>
    public static PooledText FromString(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var reader = new Utf8JsonReader(raw);
        reader.Read();

        // An unescaped string never has more UTF-16 code units than its raw UTF-8 bytes.
        var chars = Rent(Math.Max(raw.Length, 1));
        var length = reader.CopyString(chars);
        return new PooledText(chars, length);
    }

    /// <summary>
    /// The bytes of a base64 JSON string (<c>binaryData</c>), one character per byte (Latin-1), so
    /// the text detectors can look for PEM armour and token prefixes in them. False when the value
    /// is not base64 (the API server would reject it anyway). With <paramref name="utf8"/>, the
    /// bytes are read as UTF-8 text instead (a Secret value that is a file).
    /// </summary>
    public static bool TryFromBase64(JsonElement element, out PooledText text, bool utf8 = false)
    {
        text = default;
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var reader = new Utf8JsonReader(raw);
        reader.Read();

        var bytes = raw.Length <= LargestPooled ? ArrayPool<byte>.Shared.Rent(Math.Max(raw.Length, 1)) : GC.AllocateUninitializedArray<byte>(raw.Length);
        try
        {
            var encoded = reader.CopyString(bytes);
            if (Base64.DecodeFromUtf8InPlace(bytes.AsSpan(0, encoded), out var decoded) != OperationStatus.Done)
            {
                return false;
            }

            // UTF-8 never yields more UTF-16 code units than bytes; Latin-1 yields exactly one per byte.
            var chars = Rent(Math.Max(decoded, 1));
            var encoding = utf8 ? Encoding.UTF8 : Encoding.Latin1;
            var length = encoding.GetChars(bytes.AsSpan(0, decoded), chars);
            text = new PooledText(chars, length);
            return true;
        }
        finally
        {
            if (bytes.Length <= LargestPooled)
            {
                ArrayPool<byte>.Shared.Return(bytes, clearArray: true);
            }
            else
            {
                Array.Clear(bytes);
            }
        }
    }

    private static char[] Rent(int length) =>
        length <= LargestPooled ? ArrayPool<char>.Shared.Rent(length) : GC.AllocateUninitializedArray<char>(length);

    public void Dispose()
    {
        if (buffer is not null)
        {
            Array.Clear(buffer, 0, Span.Length);
            if (buffer.Length <= LargestPooled)
            {
                ArrayPool<char>.Shared.Return(buffer);
            }

            buffer = null;
            Span = default;
        }
    }
}

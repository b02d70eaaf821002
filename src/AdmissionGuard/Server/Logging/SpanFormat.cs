using System.Globalization;

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// Formats a value into a per-thread buffer, grown until it fits, so that a log line's text is
/// written without a string of its own. Every value here is capped, so the buffer stays small.
/// </summary>
internal static class SpanFormat
{
    [ThreadStatic]
    private static char[]? buffer;

    /// <summary>The value's text, valid until the next call on this thread.</summary>
    public static ReadOnlySpan<char> Of<T>(T value)
        where T : ISpanFormattable
    {
        var chars = buffer ??= new char[4096];
        int length;
        while (!value.TryFormat(chars, out length, default, CultureInfo.InvariantCulture))
        {
            chars = buffer = new char[chars.Length * 2];
        }

        return chars.AsSpan(0, length);
    }

    /// <summary>The value's text as a string (for loggers that take strings).</summary>
    public static string String<T>(T value)
        where T : ISpanFormattable => new(Of(value));
}

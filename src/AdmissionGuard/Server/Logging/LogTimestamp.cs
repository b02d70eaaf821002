using System.Globalization;

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// A log line's time as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (UTC, milliseconds): the sortable
/// standard format, which has its own fast path, and the milliseconds after it. A custom format
/// string is parsed again on every call, once per review here.
/// </summary>
internal static class LogTimestamp
{
    public const int Length = 24;

    public static void Write(DateTime utc, Span<char> destination)
    {
        utc.TryFormat(destination, out _, "s", CultureInfo.InvariantCulture);
        var millisecond = utc.Millisecond;
        destination[19] = '.';
        destination[20] = (char)('0' + (millisecond / 100));
        destination[21] = (char)('0' + (millisecond / 10 % 10));
        destination[22] = (char)('0' + (millisecond % 10));
        destination[23] = 'Z';
    }
}

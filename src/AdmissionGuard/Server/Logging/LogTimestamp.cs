namespace AdmissionGuard.Server.Logging;

/// <summary>
/// A log line's time as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (UTC, milliseconds), written digit by
/// digit: a custom DateTime format string is parsed again on every call, once per review here.
/// </summary>
internal static class LogTimestamp
{
    public const int Length = 24;

    public static void Write(DateTime utc, Span<char> destination)
    {
        Digits(destination[..4], utc.Year);
        destination[4] = '-';
        Digits(destination.Slice(5, 2), utc.Month);
        destination[7] = '-';
        Digits(destination.Slice(8, 2), utc.Day);
        destination[10] = 'T';
        Digits(destination.Slice(11, 2), utc.Hour);
        destination[13] = ':';
        Digits(destination.Slice(14, 2), utc.Minute);
        destination[16] = ':';
        Digits(destination.Slice(17, 2), utc.Second);
        destination[19] = '.';
        Digits(destination.Slice(20, 3), utc.Millisecond);
        destination[23] = 'Z';
    }

    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}

using System.Runtime.InteropServices;

namespace AdmissionGuard.LoadGen.OpenLoop;

/// <summary>
/// CLOCK_MONOTONIC in nanoseconds, and sleeping until an absolute point of it. A millisecond
/// sleep would send requests up to a millisecond late, and spinning would take a core from the
/// server on a two-core machine; clock_nanosleep with TIMER_ABSTIME and a 1 ns timer slack
/// wakes within tens of microseconds of the schedule at no CPU cost.
/// </summary>
internal static partial class Monotonic
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsTime = 1;
    private const int PrSetTimerSlack = 29;
    private const int EINTR = 4;

    public static long Now()
    {
        _ = ClockGetTime(ClockMonotonic, out var ts);
        return (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds;
    }

    /// <summary>Sleeps until <paramref name="deadline"/> (from <see cref="Now"/>); returns at once when it has passed.</summary>
    public static void SleepUntil(long deadline)
    {
        var ts = new Timespec { Seconds = deadline / 1_000_000_000L, Nanoseconds = deadline % 1_000_000_000L };
        while (ClockNanosleep(ClockMonotonic, TimerAbsTime, ref ts, IntPtr.Zero) == EINTR)
        {
        }
    }

    /// <summary>Asks the kernel to wake this thread on time rather than batch its wake-ups (default slack 50 µs).</summary>
    public static void UseTightTimerSlackOnThisThread() => _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec ts);

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remain);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}

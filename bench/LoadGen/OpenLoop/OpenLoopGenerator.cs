namespace AdmissionGuard.LoadGen.OpenLoop;

/// <summary>
/// Sends requests on a fixed timetable whatever the server does (open loop), and measures each
/// latency from the request's scheduled send time, so a stalled server is charged for every
/// request it delayed (no coordinated omission). Every latency is kept; percentiles are exact.
/// </summary>
internal static class OpenLoopGenerator
{
    public static async Task<OpenLoopResult> RunAsync(OpenLoopOptions options)
    {
        using var client = new ReviewClient(options.Url, options.Body, options.Uid, options.Connections, options.Timeout);
        await client.OpenConnectionsAsync(options.Connections).ConfigureAwait(false);
        if (options.Warmup > TimeSpan.Zero)
        {
            await RunScheduleAsync(client.SendAsync, options.Rate, Count(options.Rate, options.Warmup), options.Timeout).ConfigureAwait(false);
        }

        return await RunScheduleAsync(client.SendAsync, options.Rate, Count(options.Rate, options.Duration), options.Timeout).ConfigureAwait(false);
    }

    public static int Count(int rate, TimeSpan duration) => checked((int)(rate * duration.TotalSeconds));

    /// <summary>Sends <paramref name="count"/> requests at <paramref name="rate"/> per second; <paramref name="send"/> says whether each succeeded.</summary>
    public static async Task<OpenLoopResult> RunScheduleAsync(Func<Task<bool>> send, int rate, int count, TimeSpan timeout)
    {
        var latencies = new long[count];
        var lag = new long[count];
        var ok = new bool[count];
        var pending = new Task[count];
        var interval = 1_000_000_000.0 / rate;

        // A dedicated thread keeps the timetable: thread-pool timers fire late under load.
        var start = Monotonic.Now() + 10_000_000;
        var dispatcher = new Thread(() =>
        {
            Monotonic.UseTightTimerSlackOnThisThread();
            for (var i = 0; i < count; i++)
            {
                var scheduled = start + (long)(i * interval);
                Monotonic.SleepUntil(scheduled);
                lag[i] = Monotonic.Now() - scheduled;
                pending[i] = SendOneAsync(send, i, scheduled, latencies, ok);
            }
        })
        { IsBackground = true, Name = "open-loop dispatcher", Priority = ThreadPriority.AboveNormal };
        dispatcher.Start();
        dispatcher.Join();

        // Every request has a timeout; this bound only guards against a hung client.
        var all = Task.WhenAll(pending);
        await Task.WhenAny(all, Task.Delay(timeout + TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        var end = Monotonic.Now();

        var errors = 0;
        var lastDone = start;
        for (var i = 0; i < count; i++)
        {
            if (!pending[i].IsCompleted)
            {
                latencies[i] = end - (start + (long)(i * interval));
                ok[i] = false;
            }

            if (!ok[i])
            {
                errors++;
            }

            lastDone = Math.Max(lastDone, start + (long)(i * interval) + latencies[i]);
        }

        return new OpenLoopResult(rate, latencies, lag, errors, lastDone - start);
    }

    private static async Task SendOneAsync(Func<Task<bool>> send, int i, long scheduled, long[] latencies, bool[] ok)
    {
        ok[i] = await send().ConfigureAwait(false);
        latencies[i] = Monotonic.Now() - scheduled;
    }
}

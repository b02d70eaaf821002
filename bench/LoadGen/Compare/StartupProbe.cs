namespace AdmissionGuard.LoadGen.Compare;

/// <summary>
/// Starts a server several times and reports the median time to <c>/readyz</c> 200 and the RSS
/// when ready: for comparing build and runtime settings (ReadyToRun, tiering, GC) one at a time.
/// </summary>
internal static class StartupProbe
{
    /// <param name="review">With <paramref name="uid"/>: also measure the first review after ready (null: start-up only).</param>
    public static async Task<int> RunAsync(ServerSpec spec, int starts, string workDirectory, TextWriter output, byte[]? review = null, string? uid = null)
    {
        var (cert, key) = TestCertificate.Write(Path.Combine(workDirectory, "tls"));
        var logs = Path.Combine(workDirectory, "logs");
        Directory.CreateDirectory(logs);
        if (review is not null)
        {
            await ClientWarmUp.RunAsync(cert, key, review, uid!).ConfigureAwait(false);
        }

        var firsts = new List<FirstReviewResult>();
        var times = new List<double>();
        var rss = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            using var server = await RunningServer.StartAsync(spec, cert, key, logs, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            times.Add(server.StartToReady.TotalMilliseconds);
            if (review is not null)
            {
                firsts.Add(await FirstReview.MeasureAsync(server.ReviewUrl, review, uid!).ConfigureAwait(false));
            }

            rss.Add(server.RssBytes() / (1024.0 * 1024.0));
            cpu.Add(server.CpuToReady.TotalMilliseconds);
        }

        output.WriteLine($"{spec.Name}: start to /readyz median {ServerFigures.Median(times):F0} ms (min {times.Min():F0}, max {times.Max():F0}), CPU to ready median {ServerFigures.Median(cpu):F0} ms, RSS when ready median {ServerFigures.Median(rss):F1} MB, {starts} starts");
        if (firsts.Count > 0)
        {
            output.WriteLine($"{spec.Name}: first review after ready median {ServerFigures.Median(firsts.Select(f => f.FirstMs)):F1} ms (each: {string.Join(", ", firsts.Select(f => f.FirstMs.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}), second review median {ServerFigures.Median(firsts.Select(f => f.SecondMs)):F2} ms");
            if (firsts.Any(f => !f.Ok))
            {
                output.WriteLine($"{spec.Name}: some first reviews were not answered 200 with the uid");
                return 1;
            }
        }

        return 0;
    }
}

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>
/// Starts a server several times and reports the median time to <c>/readyz</c> 200 and the RSS
/// when ready: for comparing build and runtime settings (ReadyToRun, tiering, GC) one at a time.
/// </summary>
internal static class StartupProbe
{
    public static async Task<int> RunAsync(ServerSpec spec, int starts, string workDirectory, TextWriter output)
    {
        var (cert, key) = TestCertificate.Write(Path.Combine(workDirectory, "tls"));
        var logs = Path.Combine(workDirectory, "logs");
        Directory.CreateDirectory(logs);
        var times = new List<double>();
        var rss = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            using var server = await RunningServer.StartAsync(spec, cert, key, logs, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            times.Add(server.StartToReady.TotalMilliseconds);
            rss.Add(server.RssBytes() / (1024.0 * 1024.0));
            cpu.Add(server.CpuToReady.TotalMilliseconds);
        }

        output.WriteLine($"{spec.Name}: start to /readyz median {ServerFigures.Median(times):F0} ms (min {times.Min():F0}, max {times.Max():F0}), CPU to ready median {ServerFigures.Median(cpu):F0} ms, RSS when ready median {ServerFigures.Median(rss):F1} MB, {starts} starts");
        return 0;
    }
}

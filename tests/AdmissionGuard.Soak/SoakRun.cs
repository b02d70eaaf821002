using System.Diagnostics;
using System.Globalization;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Soak;

/// <summary>
/// One soak run: the server as a process with mounted policy and certificate directories; the
/// clients and the swapper for the given duration; the server sampled from outside every second;
/// then the invariants judged and a summary printed. Only 127.0.0.1 is used.
/// </summary>
internal static class SoakRun
{
    public static async Task<List<string>> RunAsync(SoakOptions options, TextWriter output)
    {
        var violations = new List<string>();
        var work = Directory.CreateTempSubdirectory("admission-guard-soak-");
        try
        {
            var policyDirectory = Directory.CreateDirectory(Path.Combine(work.FullName, "policies")).FullName;
            var certificateDirectory = Directory.CreateDirectory(Path.Combine(work.FullName, "certs")).FullName;
            var sets = PolicySets.FromRepository(Repository.Root);
            var expectations = Expectations.Compute(
                PolicySets.Engine(sets.A, Path.Combine(work.FullName, "expect-a")),
                PolicySets.Engine(sets.B, Path.Combine(work.FullName, "expect-b")));
            output.WriteLine($"soak: {expectations.Cases.Count} reviews ({expectations.Cases.Count(c => c.Distinguishes)} answered differently under A and B), "
                + $"{options.Connections} clients, {Seconds(options.Duration)}, policies swapped every {Seconds(options.PolicySwapInterval)}, certificates every {Seconds(options.CertificateSwapInterval)}");

            using var certificates = new Certificates();
            var swapper = new Swapper(options, sets, certificates, policyDirectory, certificateDirectory);
            swapper.PublishInitial();

            using var server = await ServerProcess.StartAsync(
                "serve", "--address", "127.0.0.1", "--port", "0", "--health-port", "0",
                "--tls-cert-file", Path.Combine(certificateDirectory, "tls.crt"),
                "--tls-key-file", Path.Combine(certificateDirectory, "tls.key"),
                "--policies", policyDirectory,
                "--reload-interval", "1s", "--shutdown-delay", "0s");
            using var clients = new LoadClients(server.AdmissionPort, options, certificates, expectations);

            var clock = Stopwatch.StartNew();
            using var stopSampling = new CancellationTokenSource();
            var sampling = ResourceSampler.RunAsync(server.Id, server.AdmissionPort, TimeSpan.Zero, () => clock.Elapsed, stopSampling.Token);
            await Task.WhenAll(clients.RunAsync(clock, options.Duration), swapper.RunAsync(clock, options.Duration));
            var loadTime = clock.Elapsed;

            // Once the load is over, each set once more, judged when the server has reloaded it (its
            // own success count, not a delay): every review as under B, then every review as under A.
            using var health = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HealthPort}") };
            await stopSampling.CancelAsync();
            var samples = await sampling;
            var wrongUnderB = await SettleAsync(health, () => swapper.Publish(sets.B), () => clients.CheckEveryReviewAsync(c => c.UnderB, "B"));
            var wrongAfterSettling = await SettleAsync(health, swapper.PublishFinal, () => clients.CheckEveryReviewAsync(c => c.UnderA, "A"));
            string renewed = string.Empty;
            var renewalSeen = await SettleAsync(
                health,
                () => renewed = swapper.RenewCertificate(),
                async () => await clients.PresentedCertificateAsync() == renewed ? 0 : 1,
                "admission_guard_certificate_reloads_total") == 0;
            var metrics = await health.GetStringAsync("/metrics");
            var exitCode = await server.TerminateAsync();

            Judge(options, clients, swapper, server, samples, wrongUnderB, wrongAfterSettling, renewalSeen, exitCode, violations);
            Report(output, options, clients, swapper, server, samples, metrics, loadTime, wrongAfterSettling, exitCode);
        }
        catch (Exception e)
        {
            // The run's own failure (a file that could not be written, the server not starting) is a failed soak too.
            violations.Add($"the run could not complete: {e}");
        }
        finally
        {
            work.Delete(recursive: true);
        }

        output.WriteLine(violations.Count == 0 ? "soak: PASS" : $"soak: FAIL, {violations.Count} violation(s):");
        foreach (var violation in violations)
        {
            output.WriteLine("  - " + violation);
        }

        return violations;
    }

    /// <summary>
    /// Publishes a policy set or certificate, waits until the server reports a successful reload
    /// after it and then no further reload for a few of its polling intervals (a reload of an
    /// earlier swap may land first; the server polls every second), then checks once. Bounded: a
    /// reload that never comes is a failure, counted as every review wrong.
    /// </summary>
    private static async Task<int> SettleAsync(HttpClient health, Action publish, Func<Task<int>> check, string counter = "admission_guard_policy_reloads_total")
    {
        var before = await SuccessfulReloadsAsync(health, counter);
        publish();
        var deadline = Stopwatch.StartNew();
        var last = before;
        var quiet = Stopwatch.StartNew();
        while (last <= before || quiet.Elapsed < QuietPeriod)
        {
            if (deadline.Elapsed > ReloadBound)
            {
                return int.MaxValue;
            }

            await Task.Delay(200);
            var now = await SuccessfulReloadsAsync(health, counter);
            if (now != last)
            {
                last = now;
                quiet.Restart();
            }
        }

        return await check();
    }

    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(3);

    /// <summary>How long a published set may take to be reloaded (the server polls every second) before the soak gives up on it.</summary>
    private static readonly TimeSpan ReloadBound = TimeSpan.FromSeconds(60);

    private static async Task<double> SuccessfulReloadsAsync(HttpClient health, string counter)
    {
        var sample = counter + "{result=\"success\"} ";
        foreach (var line in (await health.GetStringAsync("/metrics")).Split('\n'))
        {
            if (line.StartsWith(sample, StringComparison.Ordinal))
            {
                return double.Parse(line[sample.Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static void Judge(
        SoakOptions options,
        LoadClients clients,
        Swapper swapper,
        ServerProcess server,
        List<ResourceSample> samples,
        int wrongUnderB,
        int wrongAfterSettling,
        bool renewalSeen,
        int exitCode,
        List<string> violations)
    {
        if (clients.Mismatches > 0)
        {
            violations.Add($"{clients.Mismatches} answer(s) matched neither policy set's expected answer");
        }

        if (clients.Errors > 0)
        {
            violations.Add($"{clients.Errors} request(s) failed or were not answered 200");
        }

        if (wrongAfterSettling > 0)
        {
            violations.Add($"{wrongAfterSettling} review(s) not answered as under set A once the last swap settled");
        }

        if (wrongUnderB > 0)
        {
            violations.Add($"{wrongUnderB} review(s) not answered as under set B once the server had reloaded it: the swap did not take effect");
        }

        if (!renewalSeen)
        {
            violations.Add("a certificate renewed after the load was not presented once the server had reloaded it: renewals did not take effect");
        }

        if (clients.CertificatesSeen.Keys.Except(swapper.Issued).Any())
        {
            violations.Add("a handshake presented a certificate that was not a valid published one (a broken pair was served)");
        }

        foreach (var problem in server.Problems)
        {
            violations.Add("server: " + problem);
        }

        if (exitCode != 0)
        {
            violations.Add($"the server exited with {exitCode} on SIGTERM");
        }

        if (samples.Count < 4)
        {
            violations.Add($"only {samples.Count} resource samples");
            return;
        }

        if (options.Duration < SoakOptions.ShortestJudged)
        {
            return;
        }

        var (first, second) = Halves(samples);
        var fdFirst = first.Max(s => s.FileDescriptors);
        var fdSecond = second.Max(s => s.FileDescriptors);
        if (fdSecond > fdFirst + 16)
        {
            violations.Add($"open descriptors grew: at most {fdFirst} in the first half, {fdSecond} in the second");
        }

        var connFirst = first.Max(s => s.Connections);
        var connSecond = second.Max(s => s.Connections);
        if (connSecond > connFirst + 8 || connSecond > 2 * options.Connections + 8)
        {
            violations.Add($"established connections grew: at most {connFirst} in the first half, {connSecond} in the second");
        }

        var rssFirst = first.Average(s => (double)s.RssBytes);
        var rssSecond = second.Average(s => (double)s.RssBytes);
        if (rssSecond > rssFirst * 1.15 + 24 * 1024 * 1024)
        {
            violations.Add($"resident memory grew: {Mib(rssFirst)} on average in the first half, {Mib(rssSecond)} in the second");
        }
    }

    /// <summary>The samples after a warm-up (the first tenth, at least 10 s), split in two halves.</summary>
    private static (List<ResourceSample> First, List<ResourceSample> Second) Halves(List<ResourceSample> samples)
    {
        var warm = samples[^1].At / 10 > TimeSpan.FromSeconds(10) ? samples[^1].At / 10 : TimeSpan.FromSeconds(10);
        var steady = samples.Where(s => s.At >= warm).ToList();
        if (steady.Count < 4)
        {
            steady = samples;
        }

        var half = steady.Count / 2;
        return (steady[..half], steady[half..]);
    }

    private static void Report(
        TextWriter output,
        SoakOptions options,
        LoadClients clients,
        Swapper swapper,
        ServerProcess server,
        List<ResourceSample> samples,
        string metrics,
        TimeSpan loadTime,
        int wrongAfterSettling,
        int exitCode)
    {
        output.WriteLine($"requests:     {clients.Requests} in {Seconds(loadTime)} ({clients.Requests / Math.Max(loadTime.TotalSeconds, 1):F0}/s), "
            + $"{clients.ConnectionsOpened} connections opened ({clients.Http2Clients} clients on HTTP/2)");
        output.WriteLine($"answers:      {clients.UnderA} as under A only, {clients.UnderB} as under B only, {clients.UnderEither} the same under both; "
            + $"{clients.Mismatches} matching neither, {clients.Errors} failed; {wrongAfterSettling} wrong after the last swap");
        output.WriteLine($"swaps:        {swapper.PolicySwaps} policy sets (half invalid), {swapper.CertificateSwaps} certificates ({swapper.BrokenCertificatePairs} broken pairs); "
            + $"{swapper.Issued.Count(clients.CertificatesSeen.ContainsKey)} of {swapper.Issued.Count} issued certificates seen by clients");
        output.WriteLine($"server:       reloads {Metric(metrics, "admission_guard_policy_reloads_total{result=\"success\"}")} policy ok / "
            + $"{Metric(metrics, "admission_guard_policy_reloads_total{result=\"failure\"}")} refused, "
            + $"{Metric(metrics, "admission_guard_certificate_reloads_total{result=\"success\"}")} certificate ok / "
            + $"{Metric(metrics, "admission_guard_certificate_reloads_total{result=\"failure\"}")} refused; "
            + $"{server.Events.GetValueOrDefault(1)} decision log lines; exit {exitCode} on SIGTERM");
        if (samples.Count >= 4)
        {
            var (first, second) = Halves(samples);
            output.WriteLine($"resources:    first half / second half (max fds, max connections, mean RSS, max threads): "
                + $"{first.Max(s => s.FileDescriptors)}/{second.Max(s => s.FileDescriptors)}, "
                + $"{first.Max(s => s.Connections)}/{second.Max(s => s.Connections)}, "
                + $"{Mib(first.Average(s => (double)s.RssBytes))}/{Mib(second.Average(s => (double)s.RssBytes))}, "
                + $"{first.Max(s => s.Threads)}/{second.Max(s => s.Threads)}"
                + (options.Duration < SoakOptions.ShortestJudged ? $" (not judged: runs under {Seconds(SoakOptions.ShortestJudged)} are too short)" : string.Empty));
        }

        foreach (var problem in clients.Problems.Take(10))
        {
            output.WriteLine("  example: " + problem);
        }
    }

    private static string Metric(string metrics, string sample) =>
        metrics.Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal))?[(sample.Length + 1)..] ?? "0";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    private static string Mib(double bytes) => (bytes / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}

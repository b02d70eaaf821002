using AdmissionGuard.LoadGen.OpenLoop;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>
/// Starts the servers and puts them through the same phases, alternating between them phase by
/// phase so that noise from a shared machine falls on all alike: start-up (with the first review
/// after ready), warm-up, saturation (wrk), then each fixed rate (open loop). A peer, when given,
/// is first checked to answer a set of reviews as ours does, then goes through start-up,
/// warm-up and saturation with the others (not the fixed rates); so does ours published Native
/// AOT, when given. Every phase is bounded in time.
/// </summary>
internal sealed class ComparisonRun(ComparisonOptions options, TextWriter log)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    public async Task<ComparisonFigures> RunAsync()
    {
        var ours = new ServerFigures(options.Ours.Name);
        var floor = new ServerFigures(options.Floor.Name);
        var peer = options.Peer is { } peerSpec ? new ServerFigures(peerSpec.Name) : null;
        var aot = options.Aot is { } aotSpec ? new ServerFigures(aotSpec.Name) : null;
        var (cert, key) = TestCertificate.Write(Path.Combine(options.WorkDirectory, "tls"));
        var logs = Path.Combine(options.WorkDirectory, "logs");
        var review = File.ReadAllBytes(options.ReviewFile);
        Directory.CreateDirectory(logs);
        await ClientWarmUp.RunAsync(cert, key, review, options.Uid).ConfigureAwait(false);

        var servers = new List<(ServerSpec Spec, ServerFigures Figures)> { (options.Ours, ours), (options.Floor, floor) };
        if (peer is not null)
        {
            servers.Add((options.Peer!, peer));
        }

        if (aot is not null)
        {
            servers.Add((options.Aot!, aot));
        }

        var running = new List<(RunningServer Server, ServerFigures Figures)>();
        try
        {
            // Start-up: alternate the servers; the last start of each serves the load.
            for (var i = 0; i < options.Starts; i++)
            {
                var last = i == options.Starts - 1;
                foreach (var (spec, figures) in servers)
                {
                    var server = await StartAsync(spec, figures, cert, key, logs, review, keep: last).ConfigureAwait(false);
                    if (last)
                    {
                        running.Add((server, figures));
                    }
                }
            }

            foreach (var (server, figures) in running)
            {
                figures.IdleRssBytes = server.RssBytes();
            }

            Uri Url(ServerFigures figures) => running.Single(r => r.Figures == figures).Server.ReviewUrl;
            if (peer is not null)
            {
                peer.Agreement = await PeerAgreement.CheckAsync(Url(ours), Url(peer), peer.Name, review, log).ConfigureAwait(false);
            }

            if (aot is not null)
            {
                aot.Agreement = await PeerAgreement.CheckAsync(Url(ours), Url(aot), aot.Name, review, log).ConfigureAwait(false);
            }

            log.WriteLine($"warm-up: {options.Warmup.TotalSeconds:F0} s of wrk on each");
            foreach (var (server, _) in running)
            {
                _ = Saturate(server, options.Warmup);
            }

            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var (server, figures) in running)
                {
                    var cpuBefore = server.CpuTime();
                    var result = Saturate(server, options.SaturationDuration);
                    var cpuPerReview = (server.CpuTime() - cpuBefore).TotalMicroseconds / Math.Max(result.Requests, 1);
                    figures.Saturation.Add(result);
                    figures.CpuPerReviewUs.Add(cpuPerReview);
                    log.WriteLine($"saturation round {round} {figures.Name}: {result.RequestsPerSecond:F0}/s, p50 {result.P50Ms:F3} ms, p99 {result.P99Ms:F3} ms, errors {result.Errors}, server CPU {cpuPerReview:F1} µs/review");
                }
            }

            var pair = running.Where(r => r.Figures == ours || r.Figures == floor).ToArray();
            foreach (var rate in options.Rates)
            {
                for (var round = 1; round <= options.Rounds; round++)
                {
                    foreach (var (server, figures) in pair)
                    {
                        var result = await OpenLoopGenerator.RunAsync(new OpenLoopOptions
                        {
                            Url = server.ReviewUrl,
                            Body = review,
                            Uid = options.Uid,
                            Rate = rate,
                            Duration = options.RateDuration,
                            Connections = options.Connections,
                        }).ConfigureAwait(false);
                        (figures.AtRate.TryGetValue(rate, out var list) ? list : figures.AtRate[rate] = []).Add(result);
                        log.WriteLine($"round {round} {figures.Name}: {result}");
                    }
                }
            }

            foreach (var (server, figures) in running)
            {
                if (server.HasExited)
                {
                    throw new InvalidOperationException($"{figures.Name} exited during the run; see {server.LogFile}");
                }

                figures.PeakRssBytes = server.PeakRssBytes();
            }
        }
        finally
        {
            foreach (var (server, _) in running)
            {
                server.Dispose();
            }
        }

        return new ComparisonFigures(ours, floor, peer, aot);
    }

    private async Task<RunningServer> StartAsync(ServerSpec spec, ServerFigures figures, string cert, string key, string logs, byte[] review, bool keep)
    {
        var server = await RunningServer.StartAsync(spec, cert, key, logs, ReadyTimeout).ConfigureAwait(false);
        figures.StartsToReady.Add(server.StartToReady);
        var first = await FirstReview.MeasureAsync(server.ReviewUrl, review, options.Uid).ConfigureAwait(false);
        figures.FirstReviews.Add(first);
        log.WriteLine($"{spec.Name}: ready in {server.StartToReady.TotalMilliseconds:F0} ms (https {server.Port}, health {server.HealthPort}); first review {first.FirstMs:F1} ms, second {first.SecondMs:F1} ms{(first.Ok ? string.Empty : " (FAILED)")}");
        if (!keep)
        {
            server.Dispose();
        }

        return server;
    }

    private WrkResult Saturate(RunningServer server, TimeSpan duration) =>
        Wrk.Run(options.WrkPath, options.WrkScript, server.ReviewUrl, options.ReviewFile, options.Connections, options.WrkThreads, duration);
}

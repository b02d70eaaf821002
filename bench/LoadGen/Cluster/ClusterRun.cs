using System.Diagnostics;
using System.Net;
using AdmissionGuard.LoadGen.Compare;
using AdmissionGuard.LoadGen.OpenLoop;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// Creates through a real API server with no webhook, with AdmissionGuard (each variant) and with
/// Gatekeeper, one registered at a time, alternating round by round (the order rotates), every
/// phase bounded in time. CPU per review is the webhook's utime+stime across a phase divided by
/// the creates it admitted (each hook Job is one review for either webhook).
/// </summary>
internal sealed class ClusterRun(ClusterOptions options, TextWriter log)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public bool ChartRewritten { get; private set; }

    public async Task<IReadOnlyList<ClusterFigures>> RunAsync()
    {
        var bin = Path.Combine(options.CacheDirectory, "bin");
        await Binaries.UnpackAsync(options.KubeDirectory, bin, ["etcd", "kube-apiserver", "kubectl"]).ConfigureAwait(false);
        if (options.GatekeeperDirectory is { } peers)
        {
            await Binaries.UnpackAsync(peers, bin, ["gatekeeper-manager"]).ConfigureAwait(false);
        }

        if (Directory.Exists(options.WorkDirectory))
        {
            Directory.Delete(options.WorkDirectory, recursive: true);
        }

        using var plane = await ControlPlane.StartAsync(bin, Path.Combine(options.WorkDirectory, "control-plane"), options.ApiServerEnvironment, log).ConfigureAwait(false);
        var kubectl = new Kubectl(Path.Combine(bin, "kubectl"), plane.Kubeconfig);
        var logs = Path.Combine(options.WorkDirectory, "logs");
        Directory.CreateDirectory(logs);
        await kubectl.RunAsync(null, ["create", "namespace", HookJobLoad.Namespace]).ConfigureAwait(false);

        var configurations = new List<WebhookUnderTest> { new("no webhook", null, string.Empty) };
        var servers = new List<RunningServer>();
        try
        {
            foreach (var (name, environment) in options.OursVariants)
            {
                var command = (environment.Length > 0 ? $"env {environment} " : string.Empty) + options.OursCommand;
                var server = await RunningServer.StartAsync(new ServerSpec(name, command, "/validate"), plane.Pki.WebhookCert, plane.Pki.WebhookKey, logs, ReadyTimeout).ConfigureAwait(false);
                servers.Add(server);
                var (yaml, rewritten) = await ChartRegistration.RenderAsync(options.Helm, options.Chart, plane.Pki.CaFile, server.Port, log).ConfigureAwait(false);
                ChartRewritten |= rewritten;
                configurations.Add(new WebhookUnderTest(name, server, yaml));
            }

            if (options.FloorCommand is { } floorCommand)
            {
                var floor = await RunningServer.StartAsync(new ServerSpec("floor", floorCommand, "/validate"), plane.Pki.WebhookCert, plane.Pki.WebhookKey, logs, ReadyTimeout).ConfigureAwait(false);
                servers.Add(floor);
                var (yaml, _) = await ChartRegistration.RenderAsync(options.Helm, options.Chart, plane.Pki.CaFile, floor.Port, log).ConfigureAwait(false);
                configurations.Add(new WebhookUnderTest("floor (Kestrel, no policy)", floor, yaml) { Denies = false });
            }

            if (options.GatekeeperDirectory is { } gatekeeperDirectory)
            {
                var gatekeeper = await Gatekeeper.StartAsync(gatekeeperDirectory, Path.Combine(bin, "gatekeeper-manager"), plane, kubectl, logs, log).ConfigureAwait(false);
                servers.Add(gatekeeper.Server!);
                configurations.Add(gatekeeper);
            }

            return await MeasureAsync(plane, kubectl, configurations).ConfigureAwait(false);
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Dispose();
            }
        }
    }

    private async Task<IReadOnlyList<ClusterFigures>> MeasureAsync(ControlPlane plane, Kubectl kubectl, List<WebhookUnderTest> configurations)
    {
        var phases = ClusterPhase.From(options);
        var figures = configurations.ToDictionary(c => c, c => new ClusterFigures(c.Name));
        foreach (var configuration in configurations.Where(c => !c.IsBaseline))
        {
            figures[configuration].ReadyRssBytes = configuration.Server!.RssBytes();
        }

        using var load = new HookJobLoad(plane, options.SaturationConnections);

        // Each webhook's first reviews after start, at the highest rate: tiered compilation
        // recompiles the hot path meanwhile, so its CPU per review says what a restart costs.
        var warmupPhase = new ClusterPhase(true, options.Rates.DefaultIfEmpty(100).Max());
        foreach (var configuration in configurations.Where(c => !c.IsBaseline))
        {
            await RegisterAsync(kubectl, load, configuration).ConfigureAwait(false);
            try
            {
                var cpu = configuration.Server!.CpuTime();
                var (latencies, errors, _) = await RunScheduleAsync(load, warmupPhase, options.Warmup).ConfigureAwait(false);
                figures[configuration].WarmupCpuPerReviewMs = (configuration.Server.CpuTime() - cpu).TotalMilliseconds / Math.Max(latencies.Length - errors, 1);
                log.WriteLine($"warm-up of {configuration.Name}: {latencies.Length - errors} creates at {warmupPhase.Rate}/s, webhook CPU {figures[configuration].WarmupCpuPerReviewMs:F3} ms/review");
            }
            finally
            {
                await UnregisterAsync(kubectl, load, configuration).ConfigureAwait(false);
            }
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            var order = configurations.Skip((round - 1) % configurations.Count).Concat(configurations.Take((round - 1) % configurations.Count));
            foreach (var configuration in order)
            {
                log.WriteLine($"round {round}/{options.Rounds}: {configuration.Name} (load average {MachineInfo.LoadAverage()})");
                await RegisterAsync(kubectl, load, configuration).ConfigureAwait(false);
                try
                {
                    await SettleAsync(load).ConfigureAwait(false);
                    await RunScheduleAsync(load, new ClusterPhase(true, options.Rates.FirstOrDefault(100)), TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                    foreach (var phase in phases)
                    {
                        var result = await MeasurePhaseAsync(plane, load, configuration, phase).ConfigureAwait(false);
                        figures[configuration].Add(phase, result);
                        log.WriteLine($"  {phase.Name}: {result.Sent - result.Errors}/{result.Sent} at {result.Throughput:F0}/s, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, webhook CPU {result.WebhookCpuPerReviewMs:F3} ms/review, API server {result.ApiServerCpuPerCreateMs:F3} ms/create, {result.ContextSwitchesPerReview:F1} context switches/review");
                        if (phase.DryRun && phase.Rate == options.Rates.Max() && configuration.Server is { } server)
                        {
                            figures[configuration].LoadedRssBytes.Add(server.RssBytes());
                        }
                    }
                }
                finally
                {
                    await UnregisterAsync(kubectl, load, configuration).ConfigureAwait(false);
                }
            }
        }

        foreach (var configuration in configurations.Where(c => !c.IsBaseline))
        {
            figures[configuration].PeakRssBytes = configuration.Server!.PeakRssBytes();
        }

        return configurations.Select(c => figures[c]).ToList();
    }

    private async Task<PhaseRound> MeasurePhaseAsync(ControlPlane plane, HookJobLoad load, WebhookUnderTest configuration, ClusterPhase phase)
    {
        var webhookCpu = configuration.Server?.CpuTime() ?? TimeSpan.Zero;
        var switches = configuration.Server?.ContextSwitches() ?? 0;
        var apiCpu = plane.ApiServer.CpuTime();
        var (latencies, errors, elapsedNs) = phase.Rate is null
            ? await SaturateAsync(load, phase.DryRun, options.PhaseDuration).ConfigureAwait(false)
            : await RunScheduleAsync(load, phase, options.PhaseDuration).ConfigureAwait(false);
        var webhookSpent = (configuration.Server?.CpuTime() ?? TimeSpan.Zero) - webhookCpu;
        var switched = (configuration.Server?.ContextSwitches() ?? 0) - switches;
        var apiSpent = plane.ApiServer.CpuTime() - apiCpu;
        var admitted = Math.Max(latencies.Length - errors, 1);
        var summary = LatencySummary.FromNanoseconds(latencies);
        return new PhaseRound(
            latencies.Length,
            errors,
            (latencies.Length - errors) * 1_000_000_000.0 / Math.Max(elapsedNs, 1),
            summary.P50Ms,
            summary.P99Ms,
            configuration.IsBaseline ? double.NaN : webhookSpent.TotalMilliseconds / admitted,
            apiSpent.TotalMilliseconds / admitted,
            configuration.IsBaseline ? double.NaN : (double)switched / admitted);
    }

    private static async Task<(long[] Latencies, int Errors, long ElapsedNs)> RunScheduleAsync(HookJobLoad load, ClusterPhase phase, TimeSpan duration)
    {
        var rate = phase.Rate!.Value;
        var result = await OpenLoopGenerator.RunScheduleAsync(() => load.CreateOnSingleAsync(phase.DryRun), rate, OpenLoopGenerator.Count(rate, duration), RequestTimeout).ConfigureAwait(false);
        return (result.Latencies, result.Errors, result.ElapsedNs);
    }

    /// <summary>Closed loop: as many creates in flight as connections, each sent when the last one on it returned.</summary>
    private async Task<(long[] Latencies, int Errors, long ElapsedNs)> SaturateAsync(HookJobLoad load, bool dryRun, TimeSpan duration)
    {
        var start = Monotonic.Now();
        var end = start + (long)(duration.TotalMilliseconds * 1_000_000);
        var workers = Enumerable.Range(0, options.SaturationConnections).Select(async _ =>
        {
            var latencies = new List<long>();
            var errors = 0;
            while (Monotonic.Now() < end)
            {
                var sent = Monotonic.Now();
                if (!await load.CreateOnPoolAsync(dryRun).ConfigureAwait(false))
                {
                    errors++;
                }

                latencies.Add(Monotonic.Now() - sent);
            }

            return (latencies, errors);
        }).ToArray();
        var results = await Task.WhenAll(workers).ConfigureAwait(false);
        return (results.SelectMany(r => r.latencies).ToArray(), results.Sum(r => r.errors), Monotonic.Now() - start);
    }

    /// <summary>
    /// Waits (at most 30 s) until five creates in a row take under 50 ms each: a phase the machine
    /// could not keep up with leaves a backlog that must not fall on the next configuration.
    /// </summary>
    private async Task SettleAsync(HookJobLoad load)
    {
        var clock = Stopwatch.StartNew();
        var quick = 0;
        while (quick < 5 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var sent = Stopwatch.GetTimestamp();
            var ok = await load.CreateOnSingleAsync(dryRun: true).ConfigureAwait(false);
            quick = ok && Stopwatch.GetElapsedTime(sent) < TimeSpan.FromMilliseconds(50) ? quick + 1 : 0;
            await Task.Delay(quick == 0 ? 200 : 20).ConfigureAwait(false);
        }

        if (clock.Elapsed > TimeSpan.FromSeconds(2))
        {
            log.WriteLine($"  (waited {clock.Elapsed.TotalSeconds:F1} s for the API server to settle)");
        }
    }

    /// <summary>Registers the configuration and waits until the API server calls it: a hook Job without a deadline is denied.</summary>
    private static async Task RegisterAsync(Kubectl kubectl, HookJobLoad load, WebhookUnderTest configuration)
    {
        if (configuration.IsBaseline)
        {
            return;
        }

        await kubectl.ApplyAsync(configuration.Registration).ConfigureAwait(false);
        if (configuration.Denies)
        {
            await WaitForAsync(load, expectDenied: true, configuration.Name).ConfigureAwait(false);
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        }
    }

    private static async Task UnregisterAsync(Kubectl kubectl, HookJobLoad load, WebhookUnderTest configuration)
    {
        if (configuration.IsBaseline)
        {
            return;
        }

        await kubectl.DeleteAsync(configuration.Registration).ConfigureAwait(false);
        if (configuration.Denies)
        {
            await WaitForAsync(load, expectDenied: false, configuration.Name).ConfigureAwait(false);
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        }
    }

    private static async Task WaitForAsync(HookJobLoad load, bool expectDenied, string name)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var status = await load.DryRunStatusAsync(withDeadline: false).ConfigureAwait(false);
            if ((status != HttpStatusCode.Created) == expectDenied)
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"{name}: the API server did not {(expectDenied ? "start" : "stop")} calling the webhook within 60 s");
    }
}

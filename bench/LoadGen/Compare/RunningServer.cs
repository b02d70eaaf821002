using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>
/// A server process started for the comparison: knows its ports, how long it took from start to
/// <c>/readyz</c> 200, and its peak resident memory.
/// </summary>
internal sealed class RunningServer : IDisposable
{
    private static readonly HttpClient Probe = new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(1),
        // A peer's health check may be on its HTTPS port, with the bench's self-signed certificate.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        Timeout = TimeSpan.FromSeconds(1),
    };

    private readonly Process process;

    private RunningServer(ServerSpec spec, Process process, int port, int healthPort, string logFile)
    {
        Spec = spec;
        this.process = process;
        Port = port;
        HealthPort = healthPort;
        LogFile = logFile;
    }

    public ServerSpec Spec { get; }
    public int Port { get; }
    public int HealthPort { get; }
    public string LogFile { get; }
    public TimeSpan StartToReady { get; private set; }

    /// <summary>CPU time (user + system) the process used until ready: steadier than wall time on a busy machine.</summary>
    public TimeSpan CpuToReady { get; private set; }
    public Uri ReviewUrl => new($"https://127.0.0.1:{Port}{Spec.ReviewPath}");

    /// <summary>
    /// Starts the server and polls <c>/readyz</c> every 2 ms until it answers 200. The clock starts
    /// just before the process is created; the shell that redirects its output execs into it.
    /// </summary>
    public static async Task<RunningServer> StartAsync(ServerSpec spec, string certFile, string keyFile, string logDirectory, TimeSpan readyTimeout)
    {
        var port = spec.FixedPort ?? FreePort.Next();
        var healthPort = FreePort.Next();
        var logFile = Path.Combine(logDirectory, $"{spec.Name}-{port}.log");
        var command = spec.Command(port, healthPort, certFile, keyFile);
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add($"exec {command} >'{logFile}' 2>&1");

        var clock = Stopwatch.StartNew();
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {command}");
        var server = new RunningServer(spec, process, port, healthPort, logFile);
        var readyz = spec.ReadyUrl(port, healthPort);
        while (clock.Elapsed < readyTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{spec.Name} exited with {process.ExitCode} before ready; see {logFile}:\n{Tail(logFile)}");
            }

            if (await IsReadyAsync(readyz).ConfigureAwait(false))
            {
                server.StartToReady = clock.Elapsed;
                server.CpuToReady = server.CpuTime();
                return server;
            }

            await Task.Delay(2).ConfigureAwait(false);
        }

        server.Dispose();
        throw new TimeoutException($"{spec.Name} not ready after {readyTimeout.TotalSeconds} s; see {logFile}:\n{Tail(logFile)}");
    }

    /// <summary>The peak resident set size so far (VmHWM), in bytes.</summary>
    public long PeakRssBytes() => StatusField("VmHWM:");

    public long RssBytes() => StatusField("VmRSS:");

    public bool HasExited => process.HasExited;

    /// <summary>Context switches of all the process's threads so far (voluntary: a thread went to sleep and was woken).</summary>
    public long ContextSwitches()
    {
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return total;
    }

    /// <summary>utime + stime from /proc/PID/stat (fields 14 and 15, in clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            ProcessSignals.Terminate(process.Id);
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }

        process.Dispose();
    }

    private long StatusField(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kb = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no {field} in /proc/{process.Id}/status");
    }

    private static async Task<bool> IsReadyAsync(Uri readyz)
    {
        try
        {
            using var response = await Probe.GetAsync(readyz).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static string Tail(string file) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(20)) : "(no log)";
}

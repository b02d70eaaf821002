using System.Diagnostics;
using System.Globalization;
using AdmissionGuard.LoadGen.Compare;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// A process this launcher started (etcd, the API server, a webhook), output to a log file,
/// stopped by its own pid: SIGTERM, then SIGKILL after a bound.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;

    private ChildProcess(string name, Process process, string logFile)
    {
        Name = name;
        this.process = process;
        LogFile = logFile;
    }

    public string Name { get; }
    public string LogFile { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    public static ChildProcess Start(string name, string executable, IEnumerable<string> arguments, string logDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var logFile = Path.Combine(logDirectory, $"{name}.log");
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {executable}");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(name, process, logFile);

        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                log.WriteLine(line);
            }
        }
    }

    /// <summary>utime + stime from /proc/PID/stat (clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime() => CpuTimeOf(process.Id);

    public static TimeSpan CpuTimeOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    public string Tail() => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : "(no log)";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            ProcessSignals.Terminate(process.Id);
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }

        process.Dispose();
    }
}

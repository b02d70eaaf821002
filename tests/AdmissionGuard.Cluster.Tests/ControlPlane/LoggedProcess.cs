using System.Diagnostics;
using System.Globalization;

namespace AdmissionGuard.Cluster.Tests.ControlPlane;

/// <summary>
/// A long-running binary (etcd, kube-apiserver, kube-controller-manager, the webhook) whose output
/// goes straight to a log file: started through <c>sh -c 'exec ...'</c>, so the recorded pid is
/// the binary's own; stopped by that pid only (SIGTERM, then SIGKILL after a grace period).
/// </summary>
internal sealed class LoggedProcess : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    private readonly Process process;

    private LoggedProcess(string name, Process process, string logFile)
    {
        Name = name;
        this.process = process;
        LogFile = logFile;
    }

    public string Name { get; }

    public int Pid => process.Id;

    public string LogFile { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> with its stdout and stderr appended to <paramref name="logFile"/> and its pid in <paramref name="pidFile"/>.</summary>
    public static LoggedProcess Start(string name, string fileName, IEnumerable<string> arguments, string logFile, string pidFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$@\" </dev/null >>\"$AG_LOG_FILE\" 2>&1");
        info.ArgumentList.Add(name);
        info.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["AG_LOG_FILE"] = logFile;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + fileName);
        File.WriteAllText(pidFile, process.Id.ToString(CultureInfo.InvariantCulture));
        return new LoggedProcess(name, process, logFile);
    }

    /// <summary>The last lines of the log, for a failure message.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"({LogFile}: {e.Message})";
        }
    }

    /// <summary>SIGTERM, as an operator stops it; SIGKILL when it has not exited after the grace period.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(Grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}

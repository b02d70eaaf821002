using System.Diagnostics;
using System.Globalization;

namespace AdmissionGuard.Cluster.Tests.ControlPlane;

/// <summary>
/// Work folders of control planes whose test host is gone (killed, crashed): their processes are
/// ended (only pids whose command line names that folder) and, after a day, the folders deleted.
/// </summary>
internal static class StaleWorkDirectories
{
    private static readonly TimeSpan KeepLogs = TimeSpan.FromDays(1);

    public static void Clean(string root)
    {
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var owner = Path.Combine(directory, "owner.pid");
            if (File.Exists(owner) && Alive(File.ReadAllText(owner)))
            {
                continue;
            }

            foreach (var pidFile in Directory.EnumerateFiles(directory, "*.pid"))
            {
                var pid = File.ReadAllText(pidFile).Trim();
                if (Alive(pid) && CommandLine(pid).Contains(directory, StringComparison.Ordinal))
                {
                    using var process = Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
                    process.Kill();
                }
            }

            if (Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow - KeepLogs)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another run is cleaning the same folder.
                }
            }
        }
    }

    private static bool Alive(string pid) => int.TryParse(pid.Trim(), CultureInfo.InvariantCulture, out var id) && Directory.Exists($"/proc/{id}");

    private static string CommandLine(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}

using System.Globalization;

namespace AdmissionGuard.Soak;

/// <summary>One look at the server process from outside: open descriptors, resident memory, threads, established connections.</summary>
internal sealed record ResourceSample(TimeSpan At, int FileDescriptors, long RssBytes, int Threads, int Connections);

/// <summary>Samples the server process through /proc once a second until stopped.</summary>
internal static class ResourceSampler
{
    public static async Task<List<ResourceSample>> RunAsync(int pid, int port, TimeSpan start, Func<TimeSpan> clock, CancellationToken stop)
    {
        var samples = new List<ResourceSample>();
        while (!stop.IsCancellationRequested)
        {
            if (Sample(pid, port, clock() - start) is { } sample)
            {
                samples.Add(sample);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }

    public static ResourceSample? Sample(int pid, int port, TimeSpan at)
    {
        try
        {
            var fds = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
            long rss = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }

            return new ResourceSample(at, fds, rss, threads, EstablishedConnections(pid, port));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // The process is gone; the caller notices.
        }
    }

    /// <summary>Server-side TCP connections in state ESTABLISHED whose local port is the admission port.</summary>
    private static int EstablishedConnections(int pid, int port)
    {
        var count = 0;
        foreach (var table in new[] { $"/proc/{pid}/net/tcp", $"/proc/{pid}/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == "01"
                    && int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    count++;
                }
            }
        }

        return count;
    }
}

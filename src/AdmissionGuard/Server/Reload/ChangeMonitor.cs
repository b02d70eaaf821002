using AdmissionGuard.Server.Logging;

namespace AdmissionGuard.Server.Reload;

/// <summary>
/// Calls a check when files in some directories may have changed: on file-system events
/// (debounced, since one update fires several) and every interval regardless, because a mounted
/// ConfigMap or Secret changes by swapping a <c>..data</c> symlink, which watchers often miss.
/// The check decides whether anything really changed (the providers compare content hashes),
/// and never runs twice at once.
/// </summary>
internal sealed class ChangeMonitor : IDisposable
{
    /// <summary>Quiet time after the last event before checking: writers replace cert and key one after the other.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly Action check;
    private readonly string what;
    private readonly TimeSpan interval;
    private readonly ILogger logger;
    private readonly Timer timer;
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly Lock gate = new();
    private readonly Lock running = new();
    private bool disposed;

    public ChangeMonitor(string what, IEnumerable<string> directories, TimeSpan interval, Action check, ILogger logger)
    {
        this.what = what;
        this.check = check;
        this.interval = interval;
        this.logger = logger;
        timer = new Timer(_ => Run(), null, interval, interval);
        foreach (var directory in directories.Distinct(StringComparer.Ordinal))
        {
            Watch(directory);
        }
    }

    private void Watch(string directory)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                    | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.Error += (_, _) => Schedule();
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Missing directory or no inotify instances left: the periodic check still runs.
            logger.WatchUnavailable(directory, e.Message, interval);
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => Schedule();

    /// <summary>Checks after the debounce time, pushed back by every further event; then resumes the interval.</summary>
    private void Schedule()
    {
        lock (gate)
        {
            if (!disposed)
            {
                timer.Change(Debounce, interval);
            }
        }
    }

    private void Run()
    {
        if (!running.TryEnter())
        {
            return; // A check is running; the next event or tick catches up.
        }

        try
        {
            check();
        }
        catch (Exception e)
        {
            logger.ReloadCheckFailed(what, e);
        }
        finally
        {
            running.Exit();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer.Dispose();
        }

        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
    }
}

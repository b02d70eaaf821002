using AdmissionGuard.Core.Exceptions;
using AdmissionGuard.Scan.Api;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Server.Logging;

namespace AdmissionGuard.Server.Exceptions;

/// <summary>
/// <c>serve --watch-exceptions</c>: the PolicyExceptions of the cluster, listed then watched, kept
/// in memory as one immutable <see cref="ExceptionSet"/> that reviews read without any API call.
/// When the list or the watch fails, the last known set stays in force (never "everything
/// excepted", never "nothing excepted" because of an outage) and <see cref="LastError"/>, the
/// metrics and <c>/readyz</c> say so; the watch is retried with a growing delay. Expiry needs no
/// timer: the engine compares each exception's expiry with the time of every review.
/// </summary>
internal sealed class ExceptionWatch : BackgroundService, IExceptionSource
{
    private readonly ServerOptions options;
    private readonly ReadinessState readiness;
    private readonly ILogger<ExceptionWatch> logger;

    public ExceptionWatch(ServerOptions options, ReadinessState readiness, Monitoring.AdmissionMetrics metrics, ILogger<ExceptionWatch> logger)
    {
        this.options = options;
        this.readiness = readiness;
        this.logger = logger;
        if (options.WatchExceptions)
        {
            metrics.Track(this);
        }
    }

    public const string CollectionPath = "/apis/admission-guard.io/v1alpha1/policyexceptions";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, PolicyException> byKey = new(StringComparer.Ordinal);
    private volatile ExceptionSet current = ExceptionSet.Empty;
    private volatile string? lastError;
    private long lastSyncedTicks;
    private long errors;

    public ExceptionSet Current => current;

    /// <summary>Why the last list or watch failed; null while it runs.</summary>
    public string? LastError => lastError;

    /// <summary>When the set was last brought up to date (a list, or a watch event); null before the first list.</summary>
    public DateTimeOffset? LastSynced => Interlocked.Read(ref lastSyncedTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public long Errors => Interlocked.Read(ref errors);

    public bool Enabled => options.WatchExceptions;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WatchExceptions)
        {
            return;
        }

        await Task.Yield();
        KubeApi api;
        try
        {
            api = ClusterConnection.Open(options.Kubeconfig, null);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or InvalidOperationException or ArgumentException)
        {
            Failed($"cannot configure the cluster client: {e.Message}");
            return;
        }

        using (api)
        {
            logger.ExceptionWatch($"on: watching {CollectionPath} at {api.BaseUri}");
            var backoff = TimeSpan.FromSeconds(1);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var resourceVersion = await ListAsync(api, stoppingToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromSeconds(1);
                    await WatchAsync(api, resourceVersion, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or JsonException or OperationCanceledException)
                {
                    Failed(Describe(e));
                    try
                    {
                        await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }
        }
    }

    /// <summary>Lists every exception (in pages) and replaces the set; returns the list's resourceVersion to watch from.</summary>
    private async Task<string> ListAsync(KubeApi api, CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, PolicyException>(StringComparer.Ordinal);
        string? next = null;
        string resourceVersion;
        do
        {
            var page = await api.GetAsync(CollectionPath + "?limit=500" + (next is null ? string.Empty : "&continue=" + Uri.EscapeDataString(next)), cancellationToken).ConfigureAwait(false);
            foreach (var item in page["items"] as JsonArray ?? [])
            {
                if (item is JsonObject obj && Read(obj) is { } exception)
                {
                    listed[Key(exception.Namespace, exception.Name)] = exception;
                }
            }

            resourceVersion = (string?)page["metadata"]?["resourceVersion"] ?? string.Empty;
            next = (string?)page["metadata"]?["continue"] is { Length: > 0 } c ? c : null;
        }
        while (next is not null);

        lock (byKey)
        {
            byKey.Clear();
            foreach (var (key, exception) in listed)
            {
                byKey[key] = exception;
            }

            Publish();
        }

        Recovered();
        return resourceVersion;
    }

    /// <summary>Applies watch events until the server ends the watch (then it is resumed) or says the version is gone (then a new list).</summary>
    private async Task WatchAsync(KubeApi api, string resourceVersion, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var path = $"{CollectionPath}?watch=true&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion={Uri.EscapeDataString(resourceVersion)}";

            // The server ends the watch after timeoutSeconds; a connection that went silent is ended here a little later.
            var started = DateTimeOffset.UtcNow;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(330));
            var events = api.WatchAsync(path, attempt.Token).ConfigureAwait(false).GetAsyncEnumerator();
            try
            {
                while (true)
                {
                    JsonObject watchEvent;
                    try
                    {
                        if (!await events.MoveNextAsync())
                        {
                            break;
                        }

                        watchEvent = events.Current;
                    }
                    catch (OperationCanceledException) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    resourceVersion = Handle(watchEvent, resourceVersion);
                }
            }
            finally
            {
                await events.DisposeAsync();
            }

            // A server that ends every watch at once is not asked again in a tight loop.
            if (DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(1))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Applies one watch event; returns the resourceVersion to resume from.</summary>
    private string Handle(JsonObject watchEvent, string resourceVersion)
    {
        var type = (string?)watchEvent["type"];
        var obj = watchEvent["object"] as JsonObject;
        if (type == "ERROR")
        {
            // 410 Gone: the version is too old to resume from; anything else is a failure. Either way: list again.
            throw new KubeApiException(HttpMethod.Get, CollectionPath, (System.Net.HttpStatusCode)((int?)obj?["code"] ?? 500), (string?)obj?["reason"] ?? "Error", (string?)obj?["message"] ?? "watch error");
        }

        if (type is "ADDED" or "MODIFIED" or "DELETED" && obj is not null)
        {
            Apply(type, obj);
        }

        return (string?)obj?["metadata"]?["resourceVersion"] is { Length: > 0 } version ? version : resourceVersion;
    }

    private void Apply(string type, JsonObject obj)
    {
        var ns = (string?)obj["metadata"]?["namespace"] ?? string.Empty;
        var name = (string?)obj["metadata"]?["name"] ?? string.Empty;
        lock (byKey)
        {
            if (type == "DELETED" || Read(obj) is not { } exception)
            {
                byKey.Remove(Key(ns, name));
            }
            else
            {
                byKey[Key(ns, name)] = exception;
            }

            Publish();
        }

        Interlocked.Exchange(ref lastSyncedTicks, DateTimeOffset.UtcNow.UtcTicks);
    }

    /// <summary>An exception the API server stored but this reader cannot use (created where the webhook does not review) is honoured nowhere.</summary>
    private PolicyException? Read(JsonObject obj)
    {
        var errors = new List<ExceptionFieldError>();
        var exception = PolicyExceptionReader.ReadListItem(obj, "cluster", errors);
        if (exception is null)
        {
            logger.ExceptionWatch($"ignores {(string?)obj["metadata"]?["namespace"]}/{(string?)obj["metadata"]?["name"]}: {string.Join("; ", errors)}");
        }

        return exception;
    }

    /// <summary>One reference write: a review sees the old set or the new one, never a mix.</summary>
    private void Publish() => current = new ExceptionSet(byKey.Values);

    private void Recovered()
    {
        Interlocked.Exchange(ref lastSyncedTicks, DateTimeOffset.UtcNow.UtcTicks);
        if (lastError is not null)
        {
            logger.ExceptionWatch($"recovered: {current.All.Count} exceptions");
        }

        lastError = null;
        readiness.ExceptionsDetail = null;
    }

    private void Failed(string reason)
    {
        Interlocked.Increment(ref errors);
        var changed = lastError != reason;
        lastError = reason;
        var since = LastSynced is { } t ? $"last synced {t:yyyy-MM-dd'T'HH:mm:ss'Z'}" : "never listed";
        readiness.ExceptionsDetail = $"watch failing ({reason}); the last known set of {current.All.Count} exceptions stays in force, {since}";
        if (changed)
        {
            logger.ExceptionWatchFailed(current.All.Count, reason);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        KubeApiException { Status: System.Net.HttpStatusCode.NotFound } => "the PolicyException CRD (policyexceptions.admission-guard.io) is not installed",
        KubeApiException { Status: System.Net.HttpStatusCode.Forbidden } => "forbidden: the service account needs list and watch on policyexceptions.admission-guard.io",
        _ => e.Message,
    };

    private static string Key(string ns, string name) => ns + "/" + name;
}

using System.Net;
using System.Net.Http.Headers;
using k8s;

namespace AdmissionGuard.Scan.Api;

/// <summary>
/// The few raw REST calls the scanner makes (discovery, list, apply, Lease), through
/// KubernetesClient's configured HTTP client and credentials: kubeconfig or in-cluster
/// authentication, the cluster's CA, token refresh. Raw JSON rather than typed models, so that a
/// live object reaches the policies with every field it has, as the webhook would see it.
/// </summary>
internal sealed class KubeApi : IDisposable
{
    private const string ApplyPatch = "application/apply-patch+yaml";

    private readonly Kubernetes client;
    private readonly HttpClient http;
    private readonly HttpClient watchHttp;

    public KubeApi(KubernetesClientConfiguration config)
    {
        // The client puts this handler in front of its own (the cluster's CA, client certificates);
        // sending through it reuses that pipeline for raw requests. Credentials are added per request below.
        var entry = new PassThroughHandler();
        client = new Kubernetes(config, entry);
        http = new HttpClient(entry, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) };

        // A watch lasts as long as its timeoutSeconds: no client-side limit; cancellation ends it.
        watchHttp = new HttpClient(entry, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri BaseUri => client.BaseUri;

    public Task<JsonObject> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, null, retryConflicts: false, cancellationToken);

    /// <summary>
    /// A watch (<c>?watch=true</c>): each line of the chunked answer is one event,
    /// <c>{"type": "ADDED|MODIFIED|DELETED|BOOKMARK|ERROR", "object": {...}}</c>, until the server ends it.
    /// </summary>
    public async IAsyncEnumerable<JsonObject> WatchAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await watchHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            JsonObject? body = null;
            try
            {
                body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) as JsonObject;
            }
            catch (JsonException)
            {
            }

            throw KubeApiException.From(HttpMethod.Get, path, response.StatusCode, body);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0 && JsonNode.Parse(line) is JsonObject watchEvent)
            {
                yield return watchEvent;
            }
        }
    }

    /// <summary>
    /// Server-side apply (<c>PATCH</c>, <c>application/apply-patch+yaml</c>; JSON is YAML) as
    /// <paramref name="fieldManager"/>, forcing conflicts. An apply is idempotent, so a 409 Conflict
    /// (another writer between the server's read and write) is retried like a 429 or 5xx.
    /// </summary>
    public Task<JsonObject> ApplyAsync(string path, JsonObject body, string fieldManager, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"{path}?fieldManager={Uri.EscapeDataString(fieldManager)}&force=true", body, ApplyPatch, retryConflicts: true, cancellationToken);

    /// <summary>A create; a 409 (AlreadyExists) is the caller's to handle.</summary>
    public Task<JsonObject> CreateAsync(string path, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, "application/json", retryConflicts: false, cancellationToken);

    /// <summary>A replace at the body's resourceVersion; a 409 (Conflict) is the caller's to handle.</summary>
    public Task<JsonObject> ReplaceAsync(string path, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, "application/json", retryConflicts: false, cancellationToken);

    public void Dispose()
    {
        http.Dispose();
        watchHttp.Dispose();
        client.Dispose();
    }

    /// <summary>
    /// Sends the call, again after what the API server asks to be retried (<see cref="Retry"/>):
    /// 429 TooManyRequests (after its Retry-After), 500, 502, 503 and 504, and for an apply 409
    /// Conflict, at most <see cref="Retry.MaxAttempts"/> times in all; the last answer counts.
    /// </summary>
    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, string? contentType, bool retryConflicts, CancellationToken cancellationToken)
    {
        var content = body?.ToJsonString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, Url(path));
            if (content is not null)
            {
                request.Content = new StringContent(content, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            try
            {
                return await SendOnceAsync(request, path, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (attempt < Retry.MaxAttempts && Retry.Retried(e.Status, retryConflicts))
            {
                await Task.Delay(Retry.Delay(attempt, e.RetryAfter), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<JsonObject> SendOnceAsync(HttpRequestMessage request, string path, CancellationToken cancellationToken)
    {
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? parsed = null;
        try
        {
            parsed = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            // An error page from a proxy: the status code says enough.
        }

        if (!response.IsSuccessStatusCode)
        {
            throw KubeApiException.From(request.Method, path, response.StatusCode, parsed as JsonObject, Retry.After(response));
        }

        return parsed as JsonObject ?? throw new KubeApiException(request.Method, path, response.StatusCode, string.Empty, "the answer is not a JSON object");
    }

    /// <summary>Appended, not resolved: a server URL may carry a path prefix (a proxy in front of the API server).</summary>
    private Uri Url(string path) => new(client.BaseUri.AbsoluteUri.TrimEnd('/') + path);
}

/// <summary>The first handler of the client's pipeline; the client sets its inner handler.</summary>
internal sealed class PassThroughHandler : DelegatingHandler;

/// <summary>
/// A call the API server refused, with its status code and the <c>reason</c> of its Status
/// object (<c>Forbidden</c>, <c>Expired</c>, <c>NotFound</c>, <c>Conflict</c>). The message is
/// the Status message, which names resources and verbs, never object content.
/// </summary>
internal sealed class KubeApiException(HttpMethod method, string path, HttpStatusCode status, string reason, string detail, TimeSpan? retryAfter = null)
    : Exception($"{method} {path}: {(int)status} {reason}{(detail.Length > 0 ? ": " + detail : string.Empty)}".TrimEnd())
{
    public HttpStatusCode Status { get; } = status;

    public string Reason { get; } = reason;

    /// <summary>How long the server asked the client to wait (Retry-After, or the Status's details.retryAfterSeconds).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static KubeApiException From(HttpMethod method, string path, HttpStatusCode status, JsonObject? body, TimeSpan? retryAfter = null)
    {
        var reason = body?["reason"] is JsonValue r && r.TryGetValue<string>(out var s) ? s : status.ToString();
        var message = body?["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : string.Empty;
        if (retryAfter is null && body?["details"]?["retryAfterSeconds"] is JsonValue seconds && seconds.TryGetValue<int>(out var after))
        {
            retryAfter = TimeSpan.FromSeconds(after);
        }

        return new KubeApiException(method, PathOnly(path), status, reason, message, retryAfter);
    }

    private static string PathOnly(string path) => path.Split('?')[0];
}

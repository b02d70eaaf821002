using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Server.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdmissionGuard.Tests.Scan;

/// <summary>
/// A stand-in for the Kubernetes API server, over real HTTPS on a loopback port: discovery
/// (<c>/api/v1</c>, <c>/apis/GROUP/VERSION</c>), lists with <c>limit</c> and <c>continue</c>
/// (tokens can be made to expire: 410 Expired), watches that stay open without an event, kinds that answer 403, Leases (get, create,
/// update with resourceVersion conflicts: 409) and server-side apply of any object. Answers in
/// the API server's JSON shapes: APIResourceList, typed lists whose items carry no apiVersion or
/// kind, Status objects for errors. Every request needs the bearer token; every call is recorded.
/// </summary>
internal sealed class StandInApiServer : IAsyncDisposable
{
    public const string Token = "stand-in-token-7d1f";

    private readonly WebApplication app;
    private readonly DevCertificate certificate;
    private readonly ConcurrentDictionary<string, Kind> kinds = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long resourceVersion = 1000;

    private StandInApiServer(WebApplication app, DevCertificate certificate)
    {
        this.app = app;
        this.certificate = certificate;
        BaseUri = new Uri(app.Urls.Single());
    }

    public Uri BaseUri { get; }

    public string CaPem => certificate.Ca.ExportCertificatePem();

    /// <summary>Every request, as <c>METHOD path?query</c>, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Bodies of the apply (PATCH) requests, with their content type, in order.</summary>
    public ConcurrentQueue<(string Path, string ContentType, string Body)> Applies { get; } = new();

    /// <summary>Resources (plural[.group]) whose list answers 403.</summary>
    public HashSet<string> Forbidden { get; } = new(StringComparer.Ordinal);

    /// <summary>Resources whose first continue token expires (410) once.</summary>
    public HashSet<string> ExpireFirstContinue { get; } = new(StringComparer.Ordinal);

    public int PageSizeCap { get; set; } = int.MaxValue;

    /// <summary>
    /// Answers given instead of the real one, in order, each to the next request whose
    /// <c>METHOD /path?query</c> starts with its prefix: a status code, reason and, when set, a
    /// Retry-After header (what a real API server does on demand only by chance).
    /// </summary>
    public ConcurrentQueue<(string Prefix, int Code, string Reason, int? RetryAfterSeconds)> Failures { get; } = new();

    /// <summary>While set and not completed, every list request waits for it: an API server that does not answer.</summary>
    public TaskCompletionSource? ListGate { get; set; }

    /// <summary>Starts the stand-in on a random loopback port, serving the built-in kinds and storing <paramref name="objects"/>.</summary>
    public static async Task<StandInApiServer> StartAsync(params JsonObject[] objects)
    {
        var certificate = DevCertificate.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate.Serving)));
        var app = builder.Build();
        StandInApiServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        server = new StandInApiServer(app, certificate);
        server.AddBuiltInKinds();
        foreach (var obj in objects)
        {
            server.Add(obj);
        }

        return server;
    }

    /// <summary>A kubeconfig for this server: its CA, the bearer token, one context named <paramref name="context"/>.</summary>
    public string Kubeconfig(string context = "stand-in") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: stand-in
          cluster:
            server: {BaseUri.AbsoluteUri.TrimEnd('/')}
            certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(CaPem))}
        users:
        - name: scanner
          user:
            token: {Token}
        contexts:
        - name: {context}
          context:
            cluster: stand-in
            user: scanner
        current-context: {context}
        """;

    public void AddKind(string apiVersion, string kind, string plural, bool namespaced, bool servedItemsCarryKind = false) =>
        kinds[apiVersion + "/" + plural] = new Kind(apiVersion, kind, plural, namespaced, servedItemsCarryKind);

    /// <summary>Stores an object as the API server would: uid, resourceVersion, creationTimestamp added.</summary>
    public JsonObject Add(JsonObject obj)
    {
        var kind = KindOf(obj) ?? throw new InvalidOperationException($"the stand-in does not serve {obj["apiVersion"]} {obj["kind"]}");
        var meta = (JsonObject)(obj["metadata"] ??= new JsonObject());
        lock (gate)
        {
            meta["uid"] ??= Guid.NewGuid().ToString();
            meta["resourceVersion"] = (++resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            meta["creationTimestamp"] ??= "2026-01-05T10:00:00Z";
            var key = Key(meta);
            kind.Objects[key] = obj;
        }

        return obj;
    }

    /// <summary>Deletes a stored object; false when there was none.</summary>
    public bool Remove(string apiVersion, string plural, string? ns, string name) =>
        kinds.TryGetValue(apiVersion + "/" + plural, out var kind) && kind.Objects.TryRemove((ns ?? string.Empty) + "/" + name, out _);

    /// <summary>Whether the kind is namespaced; null when the stand-in does not serve it.</summary>
    public bool? Namespaced(string apiVersion, string kind) =>
        kinds.Values.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Name == kind)?.Namespaced;

    /// <summary>The stored object, or null.</summary>
    public JsonObject? Get(string apiVersion, string plural, string? ns, string name) =>
        kinds.TryGetValue(apiVersion + "/" + plural, out var kind) && kind.Objects.TryGetValue((ns ?? string.Empty) + "/" + name, out var obj) ? obj : null;

    public IEnumerable<JsonObject> All(string apiVersion, string plural) =>
        kinds.TryGetValue(apiVersion + "/" + plural, out var kind) ? kind.Objects.Values : [];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }

    private void AddBuiltInKinds()
    {
        AddKind("v1", "ConfigMap", "configmaps", true);
        AddKind("v1", "Secret", "secrets", true);
        AddKind("v1", "PersistentVolumeClaim", "persistentvolumeclaims", true);
        AddKind("v1", "Namespace", "namespaces", false);
        AddKind("v1", "Pod", "pods", true);
        AddKind("apps/v1", "Deployment", "deployments", true);
        AddKind("apps/v1", "StatefulSet", "statefulsets", true);
        AddKind("apps/v1", "DaemonSet", "daemonsets", true);
        AddKind("apps/v1", "ReplicaSet", "replicasets", true);
        AddKind("batch/v1", "Job", "jobs", true);
        AddKind("batch/v1", "CronJob", "cronjobs", true);
        AddKind("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false);
        AddKind("coordination.k8s.io/v1", "Lease", "leases", true);
        AddKind("openreports.io/v1alpha1", "Report", "reports", true, servedItemsCarryKind: true);
        AddKind("openreports.io/v1alpha1", "ClusterReport", "clusterreports", false, servedItemsCarryKind: true);
    }

    private Kind? KindOf(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        return kinds.Values.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Name == kind);
    }

    private static string Key(JsonObject meta) => (meta["namespace"]?.GetValue<string>() ?? string.Empty) + "/" + meta["name"]?.GetValue<string>();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await Status(context, 401, "Unauthorized", "Unauthorized");
            return;
        }

        if (Failures.TryPeek(out var failure) && $"{request.Method} {request.Path}{request.QueryString}".StartsWith(failure.Prefix, StringComparison.Ordinal)
            && Failures.TryDequeue(out failure))
        {
            if (failure.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await Status(context, failure.Code, failure.Reason, $"injected {failure.Code} {failure.Reason}");
            return;
        }

        var segments = request.Path.Value!.Trim('/').Split('/');
        var (apiVersion, rest) = segments switch
        {
            ["api", var v, .. var r] => (v, r),
            ["apis", var g, var v, .. var r] => ($"{g}/{v}", r),
            _ => (string.Empty, Array.Empty<string>()),
        };
        if (apiVersion.Length == 0)
        {
            await Status(context, 404, "NotFound", "the server could not find the requested resource");
            return;
        }

        if (rest.Length == 0)
        {
            await Discovery(context, apiVersion);
            return;
        }

        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            ns = n;
            rest = rest[2..];
        }

        if (!kinds.TryGetValue(apiVersion + "/" + rest[0], out var kind) || (ns is not null && !kind.Namespaced))
        {
            await Status(context, 404, "NotFound", "the server could not find the requested resource");
            return;
        }

        var name = rest.Length > 1 ? rest[1] : null;
        switch (request.Method, name)
        {
            case ("GET", null):
                if (ListGate is { } gate && kind.Name != "Lease")
                {
                    await gate.Task;
                }

                await List(context, kind, ns);
                break;
            case ("GET", { } one):
                await GetOne(context, kind, ns, one);
                break;
            case ("POST", null):
                await Create(context, kind, ns);
                break;
            case ("PUT", { } one):
                await Replace(context, kind, ns, one);
                break;
            case ("PATCH", { } one):
                await ApplyPatch(context, kind, ns, one);
                break;
            default:
                await Status(context, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
                break;
        }
    }

    private Task Discovery(HttpContext context, string apiVersion)
    {
        var served = kinds.Values.Where(k => k.ApiVersion == apiVersion).ToArray();
        if (served.Length == 0)
        {
            return Status(context, 404, "NotFound", "the server could not find the requested resource");
        }

        var resources = new JsonArray();
        foreach (var k in served)
        {
            resources.Add(new JsonObject
            {
                ["name"] = k.Plural,
                ["singularName"] = k.Name.ToLowerInvariant(),
                ["namespaced"] = k.Namespaced,
                ["kind"] = k.Name,
                ["verbs"] = new JsonArray("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
                ["storageVersionHash"] = "x0AHs5yFCvY=",
            });

            // Subresources carry the parent's kind (or another); discovery clients must skip them.
            resources.Add(new JsonObject
            {
                ["name"] = k.Plural + "/status",
                ["singularName"] = string.Empty,
                ["namespaced"] = k.Namespaced,
                ["kind"] = k.Name,
                ["verbs"] = new JsonArray("get", "patch", "update"),
            });
        }

        return Json(context, 200, new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = apiVersion,
            ["resources"] = resources,
        });
    }

    /// <summary>A watch that sends no event: the stream stays open until the client ends it or its timeoutSeconds pass.</summary>
    private async Task IdleWatch(HttpContext context)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Volatile.Read(ref watches).Token);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        var seconds = int.TryParse(context.Request.Query["timeoutSeconds"], out var t) ? t : 300;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), ended.Token);
        }
        catch (OperationCanceledException)
        {
            // The client, or EndWatches, ended the watch.
        }
    }

    private CancellationTokenSource watches = new();

    /// <summary>Ends every open watch, as an API server does when it restarts: clients watch (or list) again.</summary>
    public void EndWatches()
    {
        using var old = Interlocked.Exchange(ref watches, new CancellationTokenSource());
        old.Cancel();
    }

    private Task List(HttpContext context, Kind kind, string? ns)
    {
        var query = context.Request.Query;
        if (Forbidden.Contains(kind.ResourceName))
        {
            var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
            return Status(context, 403, "Forbidden",
                $"{kind.ResourceName} is forbidden: User \"system:serviceaccount:scanner:admission-guard\" cannot list resource \"{kind.Plural}\" in API group \"{kind.Group}\" {scope}",
                new JsonObject { ["kind"] = kind.Plural, ["group"] = kind.Group });
        }

        if (query["watch"] == "true")
        {
            return IdleWatch(context);
        }

        var selector = query["labelSelector"].ToString();
        List<JsonObject> matching;
        lock (gate)
        {
            matching = kind.Objects.Values
                .Where(o => ns is null || o["metadata"]?["namespace"]?.GetValue<string>() == ns)
                .Where(o => Selects(selector, o))
                .OrderBy(o => Key(o["metadata"]!.AsObject()), StringComparer.Ordinal)
                .Select(o => o.DeepClone().AsObject())
                .ToList();
        }

        var start = 0;
        var token = query["continue"].ToString();
        if (token.Length > 0)
        {
            if (ExpireFirstContinue.Remove(kind.ResourceName))
            {
                return Status(context, 410, "Expired",
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
            }

            start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        var limit = int.TryParse(query["limit"], out var l) && l > 0 ? Math.Min(l, PageSizeCap) : int.MaxValue;
        var page = matching.Skip(start).Take(limit).ToList();
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var next = start + page.Count;
        if (next < matching.Count)
        {
            metadata["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{resourceVersion}:{next}"));
            metadata["remainingItemCount"] = matching.Count - next;
        }

        var items = new JsonArray();
        foreach (var item in page)
        {
            if (!kind.ItemsCarryKind)
            {
                item.Remove("apiVersion");
                item.Remove("kind");
            }

            items.Add(item);
        }

        return Json(context, 200, new JsonObject
        {
            ["kind"] = kind.Name + "List",
            ["apiVersion"] = kind.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = items,
        });
    }

    private Task GetOne(HttpContext context, Kind kind, string? ns, string name)
    {
        JsonObject? obj;
        lock (gate)
        {
            obj = kind.Objects.GetValueOrDefault((ns ?? string.Empty) + "/" + name)?.DeepClone().AsObject();
        }

        return obj is null ? NotFound(context, kind, name) : Json(context, 200, obj);
    }

    private async Task Create(HttpContext context, Kind kind, string? ns)
    {
        var body = await Body(context);
        var meta = body["metadata"]!.AsObject();
        meta["namespace"] = ns;
        bool exists;
        lock (gate)
        {
            exists = kind.Objects.ContainsKey(Key(meta));
            if (!exists)
            {
                Add(body);
            }
        }

        await (exists
            ? Status(context, 409, "AlreadyExists", $"{kind.ResourceName} \"{meta["name"]}\" already exists")
            : Json(context, 201, body));
    }

    private async Task Replace(HttpContext context, Kind kind, string? ns, string name)
    {
        var body = await Body(context);
        var meta = body["metadata"]!.AsObject();
        meta["namespace"] = ns;
        string outcome;
        lock (gate)
        {
            if (!kind.Objects.TryGetValue((ns ?? string.Empty) + "/" + name, out var current))
            {
                outcome = "missing";
            }
            else if (meta["resourceVersion"]?.GetValue<string>() != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                outcome = "conflict";
            }
            else
            {
                meta["uid"] = current["metadata"]!["uid"]!.DeepClone();
                Add(body);
                outcome = "ok";
            }
        }

        await (outcome switch
        {
            "missing" => NotFound(context, kind, name),
            "conflict" => Status(context, 409, "Conflict", $"Operation cannot be fulfilled on {kind.ResourceName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"),
            _ => Json(context, 200, body),
        });
    }

    /// <summary>Server-side apply: the applied configuration replaces the manager's fields; one manager per object here, so it replaces the object's content.</summary>
    private async Task ApplyPatch(HttpContext context, Kind kind, string? ns, string name)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        Applies.Enqueue((context.Request.Path.Value!, contentType, text));
        if (contentType != "application/apply-patch+yaml")
        {
            await Status(context, 415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
            return;
        }

        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            await Status(context, 422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            return;
        }

        var body = JsonNode.Parse(text)!.AsObject();
        var meta = body["metadata"]!.AsObject();
        meta["namespace"] = ns;
        meta["managedFields"] = new JsonArray(new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = kind.ApiVersion,
            ["time"] = "2026-01-05T10:00:00Z",
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject { ["f:results"] = new JsonObject(), ["f:summary"] = new JsonObject() },
        });
        lock (gate)
        {
            if (kind.Objects.TryGetValue((ns ?? string.Empty) + "/" + name, out var current))
            {
                meta["uid"] = current["metadata"]!["uid"]!.DeepClone();
            }

            Add(body);
        }

        await Json(context, 200, body);
    }

    private static bool Selects(string selector, JsonObject obj)
    {
        if (selector.Length == 0)
        {
            return true;
        }

        var labels = obj["metadata"]?["labels"] as JsonObject;
        return selector.Split(',').All(term => term.Split('=') is [var key, var value] && labels?[key]?.GetValue<string>() == value);
    }

    private static async Task<JsonObject> Body(HttpContext context) => (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();

    private static Task NotFound(HttpContext context, Kind kind, string name) =>
        Status(context, 404, "NotFound", $"{kind.ResourceName} \"{name}\" not found", new JsonObject { ["name"] = name, ["group"] = kind.Group, ["kind"] = kind.Plural });

    private static Task Status(HttpContext context, int code, string reason, string message, JsonObject? details = null) => Json(context, code, new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details ?? new JsonObject(),
        ["code"] = code,
    });

    private static async Task Json(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private sealed record Kind(string ApiVersion, string Name, string Plural, bool Namespaced, bool ItemsCarryKind)
    {
        public ConcurrentDictionary<string, JsonObject> Objects { get; } = new(StringComparer.Ordinal);

        public string Group => ApiVersion.Contains('/') ? ApiVersion.Split('/')[0] : string.Empty;

        public string ResourceName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
    }
}

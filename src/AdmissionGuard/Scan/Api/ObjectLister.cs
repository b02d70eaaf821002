using System.Net;
using System.Runtime.CompilerServices;

namespace AdmissionGuard.Scan.Api;

/// <summary>
/// Lists every object of a resource a page at a time (<c>limit</c>, <c>continue</c>). A continue
/// token can expire while a large list is read (410 Gone, reason <c>Expired</c>, once the
/// server has compacted the revision the list started at); the list then starts over, and the
/// objects already returned are not returned again. Items come with the apiVersion and kind the
/// list omits on them, so each reads like a manifest.
/// </summary>
internal sealed class ObjectLister(KubeApi api, int pageSize = ObjectLister.DefaultPageSize)
{
    public const int DefaultPageSize = 500;

    /// <summary>After this many expired tokens in one list, it fails: the cluster changes faster than it can be read.</summary>
    public const int MaxRestarts = 3;

    public async IAsyncEnumerable<JsonObject> ListAsync(ApiResource resource, string? ns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var restarts = 0;
        string? continueToken = null;
        while (true)
        {
            JsonObject page;
            try
            {
                page = await api.GetAsync(PagePath(resource, ns, continueToken), cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Status == HttpStatusCode.Gone && continueToken is not null && restarts < MaxRestarts)
            {
                restarts++;
                continueToken = null;
                continue;
            }

            // Detached from the page, so that each can be judged (and mutated) on its own.
            var items = page["items"] as JsonArray ?? [];
            var objects = items.OfType<JsonObject>().ToArray();
            items.Clear();
            foreach (var obj in objects)
            {
                var uid = obj["metadata"]?["uid"] is JsonValue v && v.TryGetValue<string>(out var u) ? u : null;
                if (uid is null || seen.Add(uid))
                {
                    yield return WithKind(obj, resource);
                }
            }

            continueToken = page["metadata"]?["continue"] is JsonValue c && c.TryGetValue<string>(out var token) && token.Length > 0 ? token : null;
            if (continueToken is null)
            {
                yield break;
            }
        }
    }

    private string PagePath(ApiResource resource, string? ns, string? continueToken)
    {
        var path = $"{resource.CollectionPath(ns)}?limit={pageSize}";
        return continueToken is null ? path : $"{path}&continue={Uri.EscapeDataString(continueToken)}";
    }

    private static JsonObject WithKind(JsonObject obj, ApiResource resource)
    {
        obj["apiVersion"] = resource.Kind.ApiVersion;
        obj["kind"] = resource.Kind.Kind;
        return obj;
    }
}

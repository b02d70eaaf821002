using System.Globalization;
using System.Net.Http.Headers;
using k8s;
using k8s.Autorest;

namespace AdmissionGuard.Core.Cluster;

/// <summary>
/// Lists <c>kustomizations.kustomize.toolkit.fluxcd.io/v1</c> across all namespaces, a page at a
/// time, through KubernetesClient's configured HTTP pipeline and credentials (the cluster's CA,
/// the service account token and its refresh). The list call is a raw GET read as JSON rather
/// than the client's generic custom-objects API, whose deserialiser (source-generated in
/// KubernetesClient.Aot) knows only the typed models. Needs RBAC <c>list</c> on that resource,
/// cluster-wide. Reads only names, namespaces and whether <c>spec.decryption</c> is set.
/// </summary>
internal sealed class KubernetesKustomizationSource : IKustomizationSource, IDisposable
{
    public const string Group = "kustomize.toolkit.fluxcd.io";
    public const string Version = "v1";
    public const string Plural = "kustomizations";

    /// <summary>Items per page: large clusters have thousands of Kustomizations; pages keep each response small.</summary>
    private const int PageSize = 500;

    private readonly Kubernetes client;
    private readonly HttpClient http;

    public KubernetesKustomizationSource(KubernetesClientConfiguration config)
    {
        // The client puts this handler in front of its own (TLS, client certificates); sending
        // through it reuses that pipeline. Credentials are added per request below.
        var entry = new PipelineEntry();
        client = new Kubernetes(config, entry);
        http = new HttpClient(entry, disposeHandler: false) { Timeout = config.HttpClientTimeout };
    }

    public async Task<IReadOnlyList<KustomizationEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<KustomizationEntry>();
        string? continueToken = null;
        do
        {
            using var page = await GetPageAsync(continueToken, cancellationToken).ConfigureAwait(false);
            continueToken = ReadPage(page.RootElement, entries);
        }
        while (!string.IsNullOrEmpty(continueToken));

        return entries;
    }

    /// <exception cref="HttpOperationException">The API server answered with an error status (its <c>Response.StatusCode</c> says which).</exception>
    private async Task<JsonDocument> GetPageAsync(string? continueToken, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"limit={PageSize}")
            + (string.IsNullOrEmpty(continueToken) ? string.Empty : "&continue=" + Uri.EscapeDataString(continueToken));
        // Appended, not resolved: a server URL may carry a path prefix.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{client.BaseUri.AbsoluteUri.TrimEnd('/')}/apis/{Group}/{Version}/{Plural}?{query}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}'")
            {
                Request = new HttpRequestMessageWrapper(request, null),
                Response = new HttpResponseMessageWrapper(response, body),
            };
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a list page's items to <paramref name="entries"/>; returns the continue token, if any.</summary>
    public static string? ReadPage(JsonElement page, List<KustomizationEntry> entries)
    {
        if (page.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (page.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("metadata", out var metadata)
                    && String(metadata, "name") is { } name
                    && String(metadata, "namespace") is { } ns)
                {
                    var decryption = item.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
                        && spec.TryGetProperty("decryption", out var d) && d.ValueKind == JsonValueKind.Object;
                    entries.Add(new KustomizationEntry(ns, name, decryption));
                }
            }
        }

        return page.TryGetProperty("metadata", out var listMeta) ? String(listMeta, "continue") : null;
    }

    public void Dispose()
    {
        http.Dispose();
        client.Dispose();
    }

    private static string? String(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The first handler of the client's pipeline; the client sets its inner handler.</summary>
    private sealed class PipelineEntry : DelegatingHandler;
}

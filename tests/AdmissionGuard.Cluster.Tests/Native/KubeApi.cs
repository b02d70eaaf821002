using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Compile;

namespace AdmissionGuard.Cluster.Tests.Native;

/// <summary>What the API server answered to a create: the status, its message, the warnings and the object it would store.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string Message, IReadOnlyList<string> Warnings, JsonObject? Object)
{
    public bool Created => Status is HttpStatusCode.Created or HttpStatusCode.OK;
}

/// <summary>
/// A small client of the Kubernetes API over one HTTP/1.1 connection (admin bearer token, the
/// control plane's CA): creates, server-side dry-runs and deletes objects given as JSON.
/// </summary>
public sealed class KubeApi : IDisposable
{
    private static readonly HashSet<string> ClusterKinds = ["Namespace", "CustomResourceDefinition", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
        "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ClusterRole", "ClusterRoleBinding"];

    private readonly HttpClient client;
    private readonly X509Certificate2 ca;

    /// <summary>A client of the control plane's API as its admin.</summary>
    public static KubeApi Of(ControlPlane.KubeControlPlane cluster) => new(new Uri(cluster.Server), cluster.AdminToken, cluster.Pki.CaFile);

    public KubeApi(Uri server, string token, string caFile)
    {
        ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        client = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<ApiAnswer> CreateAsync(JsonObject obj, bool dryRun = false, string? fieldManager = null, string? asUser = null, IReadOnlyList<string>? asGroups = null)
    {
        var query = new List<string>();
        if (dryRun)
        {
            query.Add("dryRun=All");
        }

        if (!string.IsNullOrEmpty(fieldManager))
        {
            query.Add("fieldManager=" + Uri.EscapeDataString(fieldManager));
        }

        var path = CollectionPath(obj) + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
        return SendAsync(HttpMethod.Post, path, obj.ToJsonString(), asUser, asGroups);
    }

    public Task<ApiAnswer> DeleteAsync(JsonObject obj) =>
        SendAsync(HttpMethod.Delete, CollectionPath(obj) + "/" + (string)obj["metadata"]!["name"]!, null);

    /// <summary>Creates a namespace unless it exists.</summary>
    public async Task EnsureNamespaceAsync(string name)
    {
        var answer = await CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
        if (!answer.Created && answer.Status != HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"namespace {name}: {answer.Status} {answer.Message}");
        }
    }

    private async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? body, string? asUser = null, IReadOnlyList<string>? asGroups = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (asUser is not null)
        {
            // Kubernetes' user impersonation, as kubectl --as and --as-group send it.
            request.Headers.Add("Impersonate-User", asUser);
            foreach (var group in asGroups ?? [])
            {
                request.Headers.Add("Impersonate-Group", group);
            }
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) as JsonObject : null;
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.Select(WarningText).ToList() : [];
        var isStatus = (string?)json?["kind"] == "Status";
        return new ApiAnswer(response.StatusCode, isStatus ? (string?)json!["message"] ?? string.Empty : string.Empty, warnings, isStatus ? null : json);
    }

    /// <summary><c>299 - "text"</c> -> <c>text</c>.</summary>
    private static string WarningText(string header)
    {
        var quote = header.IndexOf('"');
        return quote < 0 ? header : header[(quote + 1)..].TrimEnd('"');
    }

    private static string CollectionPath(JsonObject obj)
    {
        var gvk = GroupVersionKind.FromApiVersion((string)obj["apiVersion"]!, (string)obj["kind"]!);
        var root = gvk.Group.Length == 0 ? "/api/v1" : $"/apis/{gvk.Group}/{gvk.Version}";
        var resource = NativeMatch.Resource(gvk);
        if (ClusterKinds.Contains(gvk.Kind))
        {
            return $"{root}/{resource}";
        }

        var ns = (string?)obj["metadata"]?["namespace"] ?? "default";
        return $"{root}/namespaces/{ns}/{resource}";
    }

    public void Dispose()
    {
        client.Dispose();
        ca.Dispose();
    }
}

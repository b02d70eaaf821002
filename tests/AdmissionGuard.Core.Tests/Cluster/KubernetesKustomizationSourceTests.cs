using System.Net;
using System.Net.Sockets;
using System.Text;
using AdmissionGuard.Core.Cluster;
using k8s;

namespace AdmissionGuard.Core.Tests.Cluster;

/// <summary>The list call through KubernetesClient's pipeline against a stand-in API server on 127.0.0.1: the path it lists and its paging.</summary>
public sealed class KubernetesKustomizationSourceTests : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly List<string> requests = [];
    private readonly string address;

    public KubernetesKustomizationSourceTests()
    {
        address = $"http://127.0.0.1:{FreePort()}/";
        listener.Prefixes.Add(address);
        listener.Start();
    }

    public void Dispose() => listener.Close();

    [Fact]
    public async Task Lists_kustomizations_of_every_namespace_page_by_page()
    {
        var serving = Serve(
            """{"kind":"KustomizationList","metadata":{"continue":"page-2"},"items":[{"metadata":{"name":"apps","namespace":"flux-system"},"spec":{"decryption":{"provider":"sops"}}}]}""",
            """{"kind":"KustomizationList","metadata":{},"items":[{"metadata":{"name":"web","namespace":"team-a"},"spec":{}}]}""");
        using var source = new KubernetesKustomizationSource(new KubernetesClientConfiguration { Host = address });

        var entries = await source.ListAsync(CancellationToken.None);
        await serving;

        Assert.Equal([new("flux-system", "apps", true), new("team-a", "web", false)], entries);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.StartsWith("/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations?", r));
        Assert.Contains("limit=500", requests[0]);
        Assert.DoesNotContain("continue=", requests[0]);
        Assert.Contains("continue=page-2", requests[1]);
    }

    [Fact]
    public async Task Throws_when_the_api_server_refuses_so_that_the_index_can_say_why()
    {
        var serving = Serve(HttpStatusCode.Forbidden, """{"kind":"Status","code":403}""");
        using var source = new KubernetesKustomizationSource(new KubernetesClientConfiguration { Host = address });

        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => source.ListAsync(CancellationToken.None));
        await serving;
    }

    private Task Serve(params string[] pages) => Serve(HttpStatusCode.OK, pages);

    private async Task Serve(HttpStatusCode status, params string[] pages)
    {
        foreach (var page in pages)
        {
            var context = await listener.GetContextAsync();
            requests.Add(context.Request.RawUrl ?? string.Empty);
            var body = Encoding.UTF8.GetBytes(page);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

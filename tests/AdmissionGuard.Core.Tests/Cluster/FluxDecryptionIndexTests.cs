using System.Net;
using System.Text.Json;
using AdmissionGuard.Core.Cluster;
using AdmissionGuard.Core.Policies;
using k8s.Autorest;
using Microsoft.Extensions.Time.Testing;

namespace AdmissionGuard.Core.Tests.Cluster;

/// <summary>docs/no-plaintext-secrets.md: the Flux decryption look-up answers from memory and refreshes in the background.</summary>
public sealed class FluxDecryptionIndexTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly KustomizationEntry AppsWithSops = new("flux-system", "apps", true);
    private static readonly KustomizationEntry InfraPlain = new("flux-system", "infra", false);

    private readonly FakeKustomizationSource source = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Trusts_only_kustomizations_that_have_decryption_after_a_list()
    {
        var index = new FluxDecryptionIndex(source, Interval, time);
        source.Returns(AppsWithSops, InfraPlain, new KustomizationEntry("team-a", "apps", false));

        await index.RefreshAsync();

        Assert.True(index.HasDecryption("flux-system", "apps"));
        Assert.False(index.HasDecryption("flux-system", "infra"));
        Assert.False(index.HasDecryption("team-a", "apps"));
        Assert.False(index.HasDecryption("flux-system", "unknown"));
        Assert.Equal(1, index.DecryptingCount);
        Assert.Equal(time.GetUtcNow(), index.LastRefreshed);
        Assert.Null(index.LastError);
    }

    [Fact]
    public void Trusts_nothing_before_the_first_list()
    {
        var index = new FluxDecryptionIndex(source, Interval, time);

        Assert.False(index.HasDecryption("flux-system", "apps"));
        Assert.Null(index.LastRefreshed);
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public async Task Keeps_the_last_good_list_through_a_brief_failure_and_reports_the_error()
    {
        var index = new FluxDecryptionIndex(source, Interval, time);
        source.Returns(AppsWithSops);
        await index.RefreshAsync();
        var refreshed = index.LastRefreshed;

        time.Advance(Interval);
        source.Throws(new HttpRequestException("connection refused"));
        await index.RefreshAsync();

        Assert.True(index.HasDecryption("flux-system", "apps"));
        Assert.Equal(refreshed, index.LastRefreshed);
        Assert.Equal(time.GetUtcNow(), index.LastAttempt);
        Assert.Contains("HttpRequestException: connection refused", index.LastError);
    }

    [Fact]
    public async Task Drops_a_list_that_has_gone_stale_and_trusts_nothing()
    {
        var index = new FluxDecryptionIndex(source, Interval, time);
        source.Returns(AppsWithSops);
        await index.RefreshAsync();

        source.Throws(new HttpRequestException("connection refused"));
        time.Advance(index.MaxStaleness + TimeSpan.FromSeconds(1));
        await index.RefreshAsync();

        Assert.False(index.HasDecryption("flux-system", "apps"));
        Assert.NotNull(index.LastError);
    }

    [Fact]
    public async Task Clears_the_error_once_a_list_succeeds_again()
    {
        var index = new FluxDecryptionIndex(source, Interval, time);
        source.Throws(new InvalidOperationException("boom"));
        await index.RefreshAsync();
        Assert.NotNull(index.LastError);

        source.Returns(AppsWithSops);
        await index.RefreshAsync();

        Assert.Null(index.LastError);
        Assert.True(index.HasDecryption("flux-system", "apps"));
    }

    public static TheoryData<Exception, string> Failures() => new()
    {
        { Http(HttpStatusCode.Forbidden), "forbidden: the service account needs list on kustomizations.kustomize.toolkit.fluxcd.io" },
        { Http(HttpStatusCode.NotFound), "is not served: Flux is not installed" },
        { Http(HttpStatusCode.InternalServerError), "listing Flux Kustomizations failed: HttpOperationException" },
        { new JsonException("bad page"), "JsonException: bad page" },
        { new NullReferenceException(), "NullReferenceException" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Never_throws_and_says_why_a_list_failed(Exception failure, string expected)
    {
        var index = new FluxDecryptionIndex(source, Interval, time);
        source.Throws(failure);

        await index.RefreshAsync();

        Assert.Contains(expected, index.LastError);
        Assert.False(index.HasDecryption("flux-system", "apps"));
    }

    [Fact]
    public async Task Gives_up_on_a_list_that_hangs_longer_than_the_interval()
    {
        var index = new FluxDecryptionIndex(source, Interval, time);
        source.Next = async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        };

        var refresh = index.RefreshAsync();
        await source.WaitForCallAsync(1);
        time.Advance(Interval);
        await refresh;

        Assert.Equal("listing Flux Kustomizations timed out", index.LastError);
    }

    [Fact]
    public async Task Refreshes_in_the_background_every_interval_until_disposed()
    {
        var index = new FluxDecryptionIndex(source, Interval, time);
        source.Returns(InfraPlain);

        index.Start();
        index.Start();
        await source.WaitForCallAsync(1);
        await WaitUntil(() => index.LastRefreshed is not null);
        Assert.False(index.HasDecryption("flux-system", "infra"));

        // The Kustomization gains spec.decryption; the next tick picks it up.
        source.Returns(InfraPlain with { HasDecryption = true });
        time.Advance(Interval);
        await source.WaitForCallAsync(2);
        await WaitUntil(() => index.HasDecryption("flux-system", "infra"));

        await index.DisposeAsync();
        time.Advance(Interval * 3);
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public void Factory_returns_the_offline_index_when_disabled_or_outside_a_cluster()
    {
        Assert.Same(NoFluxDecryptionIndex.Instance, FluxDecryptionIndexFactory.Create(enabled: false, null, () => true, () => source, time));
        Assert.Same(NoFluxDecryptionIndex.Instance, FluxDecryptionIndexFactory.Create(enabled: true, null, () => false, () => source, time));
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public async Task Factory_starts_a_live_index_when_enabled_in_a_cluster()
    {
        source.Returns(AppsWithSops);

        var index = Assert.IsType<FluxDecryptionIndex>(FluxDecryptionIndexFactory.Create(enabled: true, null, () => true, () => source, time));
        await using (index)
        {
            Assert.Equal(FluxDecryptionIndexFactory.DefaultRefreshInterval, index.RefreshInterval);
            await source.WaitForCallAsync(1);
            await WaitUntil(() => index.HasDecryption("flux-system", "apps"));
        }
    }

    [Fact]
    public async Task Factory_reports_a_client_it_cannot_build_through_the_index_status()
    {
        var index = Assert.IsType<FluxDecryptionIndex>(FluxDecryptionIndexFactory.Create(
            enabled: true, Interval, () => true, () => throw new FileNotFoundException("no token file"), time));
        await using (index)
        {
            await WaitUntil(() => index.LastError is not null);
            Assert.Contains("cannot configure the in-cluster client: FileNotFoundException: no token file", index.LastError);
        }
    }

    [Fact]
    public void Reads_names_namespaces_and_decryption_from_a_list_page()
    {
        var page = JsonDocument.Parse("""
            {
              "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
              "kind": "KustomizationList",
              "metadata": {"continue": "next-page"},
              "items": [
                {"metadata": {"name": "apps", "namespace": "flux-system"}, "spec": {"decryption": {"provider": "sops", "secretRef": {"name": "sops-age"}}}},
                {"metadata": {"name": "infra", "namespace": "flux-system"}, "spec": {"path": "./infra"}},
                {"metadata": {"name": "nulled", "namespace": "flux-system"}, "spec": {"decryption": null}},
                {"metadata": {"name": "no-namespace"}, "spec": {"decryption": {"provider": "sops"}}},
                "not an object"
              ]
            }
            """).RootElement;
        var entries = new List<KustomizationEntry>();

        var continueToken = KubernetesKustomizationSource.ReadPage(page, entries);

        Assert.Equal("next-page", continueToken);
        Assert.Equal(
            [new("flux-system", "apps", true), new("flux-system", "infra", false), new("flux-system", "nulled", false)],
            entries);
    }

    [Fact]
    public void Reads_the_last_page_without_a_continue_token()
    {
        var entries = new List<KustomizationEntry>();

        Assert.Null(KubernetesKustomizationSource.ReadPage(JsonDocument.Parse("""{"metadata": {}, "items": []}""").RootElement, entries));
        Assert.Empty(entries);
    }

    private static HttpOperationException Http(HttpStatusCode code) => new($"Operation returned an invalid status code '{code}'")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), string.Empty),
    };

    /// <summary>Background work lands on the thread pool; poll for its effect. The limit only guards against a hung test.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}

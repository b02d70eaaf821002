using System.Text;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// Damaged real reviews over HTTPS to both endpoints of a server running the built-in policies:
/// every answer is a 4xx with a JSON error or a well-formed review echoing the uid; never a 5xx,
/// never a dropped connection, and the server counts no internal error.
/// </summary>
public sealed class HttpFuzzTests : IAsyncLifetime
{
    /// <summary>Small reviews of every policy and outcome: denied, allowed, mutated, UPDATE.</summary>
    public static readonly TheoryData<string> Samples = new(
        "config-checksum/deny.config-map-volume-without-checksum",
        "keep-stateful/mutate.helm-pvc-with-existing-annotations",
        "hook-deadline/deny.helm-pre-install-hook-without-deadline",
        "no-plaintext-secrets/deny.secret-applied-by-helm",
        "no-plaintext-secrets/warn.secret-update-with-existing-violation-allowed");

    private RunningServer server = null!;

    public async Task InitializeAsync() => server = await RunningServer.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Equal(0, await server.MetricAsync("admission_guard_http_errors_total{endpoint=\"validate\",reason=\"internal_error\"}"));
        Assert.Equal(0, await server.MetricAsync("admission_guard_http_errors_total{endpoint=\"mutate\",reason=\"internal_error\"}"));
        await server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Randomly_damaged_reviews_get_a_4xx_or_a_well_formed_review(string sample)
    {
        var body = Encoding.UTF8.GetBytes(RealReviews.Fixture(sample).Json);
        var cases = new[] { 11, 12, 13, 14, 15 }.SelectMany(seed => ReviewMutations.Random(body, seed, 200));

        var statuses = await HttpInvariant.CheckAllAsync(server, cases, sample);

        Assert.True(statuses.GetValueOrDefault(200) > 0 && statuses.GetValueOrDefault(400) > 0, string.Join(", ", statuses));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Reviews_cut_off_anywhere_get_400(string sample)
    {
        var body = Encoding.UTF8.GetBytes(RealReviews.Fixture(sample).Json);

        var statuses = await HttpInvariant.CheckAllAsync(server, ReviewMutations.Truncations(body, step: 3), sample);

        Assert.Equal([400], statuses.Keys);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_field_with_a_wrong_type_or_null_gets_a_4xx_or_a_well_formed_review(string sample)
    {
        var review = RealReviews.Fixture(sample).Review;

        var statuses = await HttpInvariant.CheckAllAsync(server, ReviewMutations.WrongTypes(review), sample);

        Assert.True(statuses.GetValueOrDefault(200) > 0 && statuses.GetValueOrDefault(400) > 0, string.Join(", ", statuses));
    }
}

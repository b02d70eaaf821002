using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AdmissionGuard.Server.Tls;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Server;

/// <summary>Certificate files given with --tls-cert-file/--tls-key-file are served, and reloaded when they change.</summary>
public sealed class CertificateReloadTests : IDisposable
{
    private readonly TempDirectory files = new();

    [Fact]
    public async Task A_new_handshake_sees_the_certificate_written_over_the_old_files()
    {
        using var first = DevCertificate.Create();
        first.WriteTo(files.Path);
        await using var server = await ServeTheFilesAsync();

        Assert.Equal(first.Serving.Thumbprint, (await server.HandshakeAsync()).Certificate.Thumbprint);

        using var second = DevCertificate.Create();
        second.WriteTo(files.Path);

        await Eventually.GetAsync(
            async () => (await server.HandshakeAsync()).Certificate.Thumbprint,
            thumbprint => thumbprint == second.Serving.Thumbprint,
            "the renewed certificate is served");
        Assert.Equal(1, await server.MetricAsync("admission_guard_certificate_reloads_total{result=\"success\"}"));
        Assert.Equal(
            new DateTimeOffset(second.Serving.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(),
            await server.MetricAsync("admission_guard_certificate_expiry_timestamp_seconds"));
    }

    [Fact]
    public async Task Certificate_files_swapped_like_a_mounted_Secret_are_reloaded()
    {
        using var first = DevCertificate.Create();
        MountedVolume.Publish(files.Path, first.WriteTo);
        await using var server = await ServeTheFilesAsync();
        Assert.Equal(first.Serving.Thumbprint, (await server.HandshakeAsync()).Certificate.Thumbprint);

        using var second = DevCertificate.Create();
        MountedVolume.Publish(files.Path, second.WriteTo);

        await Eventually.GetAsync(
            async () => (await server.HandshakeAsync()).Certificate.Thumbprint,
            thumbprint => thumbprint == second.Serving.Thumbprint,
            "the certificate behind the swapped link is served");
    }

    [Fact]
    public async Task A_key_that_does_not_match_keeps_the_previous_certificate_and_is_counted()
    {
        using var first = DevCertificate.Create();
        first.WriteTo(files.Path);
        await using var server = await ServeTheFilesAsync();

        using var other = DevCertificate.Create();
        File.WriteAllText(files.Combine("tls.crt"), other.Serving.ExportCertificatePem());

        await Eventually.GetAsync(
            () => server.MetricAsync("admission_guard_certificate_reloads_total{result=\"failure\"}"),
            failures => failures >= 1,
            "the mismatched pair is counted as a failed reload");
        Assert.Equal(first.Serving.Thumbprint, (await server.HandshakeAsync()).Certificate.Thumbprint);
        var answer = await server.ReviewAsync("/validate", Reviews.ConfigMap("still-serving", new JsonObject()));
        Assert.Equal("still-serving", (string?)Reviews.Response(answer)["uid"]);
    }

    [Fact]
    public async Task Generates_a_certificate_for_localhost_and_loopback_addresses_when_given_none()
    {
        await using var server = await RunningServer.StartAsync(policies: ConfigMapPolicies.Set());

        using var served = (await server.HandshakeAsync()).Certificate;
        var names = served.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal(["127.0.0.1", "::1"], names.EnumerateIPAddresses().Select(a => a.ToString()));
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(server.Options.GeneratedCertDirectory, "ca.crt")));
        Assert.Equal(ca.Subject, served.Issuer);
        Assert.True(File.Exists(Path.Combine(server.Options.GeneratedCertDirectory, "tls.key")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server.Options.GeneratedCertDirectory, "tls.key")));
        }
    }

    public void Dispose() => files.Dispose();

    /// <summary>A server given tls.crt and tls.key of the test's folder, trusted through its ca.crt.</summary>
    private Task<RunningServer> ServeTheFilesAsync() => RunningServer.StartAsync(
        o => o with { TlsCertFile = files.Combine("tls.crt"), TlsKeyFile = files.Combine("tls.key") },
        ConfigMapPolicies.Set(),
        caFile: files.Combine("ca.crt"));
}

using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Server.Monitoring;
using AdmissionGuard.Server.Reload;

using AdmissionGuard.Server.Logging;

namespace AdmissionGuard.Server.Tls;

/// <summary>
/// The serving certificate: loaded from PEM files and reloaded when their content changes
/// (cert-manager renews them in place), or generated at start when no files are given. Every
/// TLS handshake asks for the current one, so a renewal takes effect on the next connection
/// without a restart; the chain context is built once per certificate, not per handshake.
/// </summary>
internal sealed class CertificateProvider(ServerOptions options, AdmissionMetrics metrics, ReadinessState readiness, ILogger<CertificateProvider> logger)
    : IDisposable
{
    private static readonly List<SslApplicationProtocol> Protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private volatile Loaded? current;
    private byte[]? lastAttempt;
    private ChangeMonitor? monitor;

    private sealed record Loaded(SslStreamCertificateContext Context, X509Certificate2 Leaf);

    /// <summary>The certificate being served (null before <see cref="Load"/>).</summary>
    public X509Certificate2? Certificate => current?.Leaf;

    /// <summary>TLS settings for one new connection: TLS 1.2 or 1.3, HTTP/2 or HTTP/1.1, the current certificate.</summary>
    public SslServerAuthenticationOptions ServerAuthenticationOptions() => new()
    {
        ServerCertificateContext = (current ?? throw new InvalidOperationException("no serving certificate loaded")).Context,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ApplicationProtocols = Protocols,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>Loads the files or generates a certificate; throws when given files cannot be used.</summary>
    public void Load()
    {
        if (options.TlsCertFile is { } certFile && options.TlsKeyFile is { } keyFile)
        {
            var (certPem, keyPem) = Read(certFile, keyFile);
            lastAttempt = Hash(certPem, keyPem);
            try
            {
                Swap(FromPem(certPem, keyPem), certFile);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException($"{certFile} and {keyFile} are not a usable PEM certificate and key: {e.Message}", e);
            }
        }
        else
        {
            var generated = DevCertificate.Create();
            try
            {
                generated.WriteTo(options.GeneratedCertDirectory);
                logger.GeneratedCertificate(Path.Combine(Path.GetFullPath(options.GeneratedCertDirectory), "ca.crt"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.GeneratedCertificateNotWritten(options.GeneratedCertDirectory, e.Message);
            }

            generated.Ca.Dispose();
            Swap((generated.Serving, null), "generated");
        }

        readiness.CertificateLoaded = true;
    }

    /// <summary>Starts watching the certificate files (nothing to watch for a generated certificate).</summary>
    public void StartWatching()
    {
        if (options.TlsCertFile is { } certFile && options.TlsKeyFile is { } keyFile)
        {
            monitor = new ChangeMonitor(
                "the certificate files",
                [Path.GetDirectoryName(Path.GetFullPath(certFile))!, Path.GetDirectoryName(Path.GetFullPath(keyFile))!],
                options.ReloadInterval,
                () => ReloadIfChanged(certFile, keyFile),
                logger);
        }
    }

    private void ReloadIfChanged(string certFile, string keyFile)
    {
        string certPem, keyPem;
        try
        {
            (certPem, keyPem) = Read(certFile, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Mid-rotation (a file briefly missing) or a real problem: keep serving, retry on the next tick.
            logger.CertificateLoadFailed(certFile, e.Message);
            return;
        }

        var hash = Hash(certPem, keyPem);
        if (lastAttempt is not null && hash.AsSpan().SequenceEqual(lastAttempt))
        {
            return;
        }

        lastAttempt = hash;
        try
        {
            Swap(FromPem(certPem, keyPem), certFile);
            metrics.CertificateReload(success: true);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // Typically the certificate was replaced and the key not yet: the next change retries.
            logger.CertificateLoadFailed(certFile, e.Message);
            metrics.CertificateReload(success: false);
        }
    }

    private void Swap((X509Certificate2 Leaf, X509Certificate2Collection? Chain) certificate, string source)
    {
        var (leaf, chain) = certificate;
        var context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
        current = new Loaded(context, leaf);
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        metrics.CertificateExpiry(notAfter);
        logger.CertificateLoaded(leaf.Subject, leaf.GetCertHashString(HashAlgorithmName.SHA256), notAfter.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), source);
    }

    /// <summary>
    /// The first certificate of the PEM with its key, and the ones after it (cert-manager puts the
    /// issuing CA there), which are sent along with it.
    /// </summary>
    private static (X509Certificate2 Leaf, X509Certificate2Collection? Chain) FromPem(string certPem, string keyPem)
    {
        var leaf = X509Certificate2.CreateFromPem(certPem, keyPem);
        var all = new X509Certificate2Collection();
        all.ImportFromPem(certPem);
        return (leaf, all.Count > 1 ? new X509Certificate2Collection(all.Skip(1).ToArray()) : null);
    }

    private static (string Cert, string Key) Read(string certFile, string keyFile) =>
        (File.ReadAllText(certFile), File.ReadAllText(keyFile));

    private static byte[] Hash(string certPem, string keyPem) =>
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certPem + "\0" + keyPem));

    public void Dispose() => monitor?.Dispose();
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdmissionGuard.Soak;

/// <summary>
/// One CA and serving certificates it signed for 127.0.0.1, as cert-manager issues them: renewals
/// share the CA, so a client that trusts the CA accepts every one of them. Each is written as a
/// kubelet-projected Secret writes it (tls.crt, tls.key, ca.crt behind a swapped <c>..data</c> link).
/// </summary>
internal sealed class Certificates : IDisposable
{
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public Certificates()
    {
        var request = new CertificateRequest("CN=AdmissionGuard soak CA", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
    }

    public X509Certificate2 Ca { get; }

    /// <summary>A new serving certificate with its key, as PEM.</summary>
    public (string Certificate, string Key, string Thumbprint) Issue()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=admission-guard.soak.svc", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(Ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return (certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n", certificate.Thumbprint);
    }

    /// <summary>Writes a certificate, key and the CA into a new version of the mounted directory.</summary>
    public void Publish(string directory, string certificate, string key) =>
        Volume.Publish(directory, target =>
        {
            File.WriteAllText(Path.Combine(target, "tls.crt"), certificate);
            File.WriteAllText(Path.Combine(target, "tls.key"), key);
            File.WriteAllText(Path.Combine(target, "ca.crt"), Ca.ExportCertificatePem() + "\n");
        });

    public void Dispose()
    {
        Ca.Dispose();
        caKey.Dispose();
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdmissionGuard.Server.Tls;

/// <summary>
/// The certificate <c>serve</c> uses when given none, so that it runs out of the box on a laptop:
/// a throw-away CA and a serving certificate it signed for localhost, 127.0.0.1 and ::1, both
/// ECDSA P-256, new at every start. A CA rather than one self-signed leaf because clients
/// (curl, OpenSSL, .NET) accept a CA file as a trust anchor without special flags.
/// </summary>
internal sealed class DevCertificate : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private DevCertificate(X509Certificate2 ca, X509Certificate2 serving)
    {
        Ca = ca;
        Serving = serving;
    }

    public X509Certificate2 Ca { get; }

    /// <summary>The serving certificate, with its private key.</summary>
    public X509Certificate2 Serving { get; }

    public static DevCertificate Create()
    {
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.Add(Lifetime);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=AdmissionGuard development CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "serverAuth")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var publicOnly = request.Create(ca, notBefore, notAfter, serial);
        return new DevCertificate(ca, publicOnly.CopyWithPrivateKey(key));
    }

    /// <summary>Writes <c>ca.crt</c>, <c>tls.crt</c> and <c>tls.key</c> (owner-only) to a directory.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "ca.crt"), Ca.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(directory, "tls.crt"), Serving.ExportCertificatePem() + "\n");
        var keyFile = Path.Combine(directory, "tls.key");
        File.Delete(keyFile);
        var keyOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            keyOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(keyFile, keyOptions))
        using (var writer = new StreamWriter(stream))
        using (var key = Serving.GetECDsaPrivateKey()!)
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.Write('\n');
        }
    }

    public void Dispose()
    {
        Ca.Dispose();
        Serving.Dispose();
    }
}

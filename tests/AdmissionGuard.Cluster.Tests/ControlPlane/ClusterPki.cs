using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdmissionGuard.Cluster.Tests.ControlPlane;

/// <summary>
/// The certificates a control plane needs, generated in memory (ECDSA P-256) and written as PEM:
/// one CA that signs the API server's serving certificate and any webhook's, and the key pair
/// that signs service-account tokens.
/// </summary>
public sealed class ClusterPki : IDisposable
{
    private readonly ECDsa caKey;

    public ClusterPki(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=admission-guard-test-ca", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaFile = Path.Combine(directory, "ca.crt");
        File.WriteAllText(CaFile, Ca.ExportCertificatePem());

        using var serviceAccountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ServiceAccountKeyFile = Write("sa.key", serviceAccountKey.ExportPkcs8PrivateKeyPem());
        ServiceAccountPublicKeyFile = Write("sa.pub", serviceAccountKey.ExportSubjectPublicKeyInfoPem());
        (ApiServerCertFile, ApiServerKeyFile) = IssueServing("apiserver", "kubernetes", "kubernetes.default", "kubernetes.default.svc");
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public string CaFile { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public string ApiServerCertFile { get; }

    public string ApiServerKeyFile { get; }

    public string ServiceAccountKeyFile { get; }

    public string ServiceAccountPublicKeyFile { get; }

    /// <summary>
    /// A serving certificate for 127.0.0.1 and localhost (plus <paramref name="dnsNames"/>) signed
    /// by the CA, written as <c>NAME.crt</c> and <c>NAME.key</c>; returns both paths.
    /// </summary>
    public (string CertFile, string KeyFile) IssueServing(string name, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        foreach (var dns in dnsNames)
        {
            san.AddDnsName(dns);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        return (Write(name + ".crt", certificate.ExportCertificatePem()), Write(name + ".key", key.ExportPkcs8PrivateKeyPem()));
    }

    public void Dispose()
    {
        caKey.Dispose();
        Ca.Dispose();
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, pem);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}

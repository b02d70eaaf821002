using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// The certificates a loopback control plane needs, made in process: a CA, serving certificates
/// for 127.0.0.1 signed by it (the API server's, and one both webhooks share, RSA 2048 as
/// cert-manager issues), and the service-account signing key. Written as PEM under one folder.
/// </summary>
internal sealed class ClusterPki
{
    private ClusterPki(string directory) => Directory = directory;

    public string Directory { get; }
    public string CaFile => Path.Combine(Directory, "ca.crt");
    public string ApiServerCert => Path.Combine(Directory, "apiserver.crt");
    public string ApiServerKey => Path.Combine(Directory, "apiserver.key");
    public string ServiceAccountKey => Path.Combine(Directory, "sa.key");
    public string ServiceAccountPublicKey => Path.Combine(Directory, "sa.pub");

    /// <summary>The webhooks' serving certificate folder (<c>tls.crt</c>, <c>tls.key</c>, as Gatekeeper's --cert-dir wants).</summary>
    public string WebhookCertDirectory => Path.Combine(Directory, "webhook");
    public string WebhookCert => Path.Combine(WebhookCertDirectory, "tls.crt");
    public string WebhookKey => Path.Combine(WebhookCertDirectory, "tls.key");

    public static ClusterPki Create(string directory)
    {
        var pki = new ClusterPki(directory);
        System.IO.Directory.CreateDirectory(pki.WebhookCertDirectory);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=cluster-bench-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(pki.CaFile, ca.ExportCertificatePem());

        Serving(ca, "kube-apiserver", pki.ApiServerCert, pki.ApiServerKey, "kubernetes", "kubernetes.default");
        Serving(ca, "webhook", pki.WebhookCert, pki.WebhookKey);

        using var sa = RSA.Create(2048);
        File.WriteAllText(pki.ServiceAccountKey, sa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(pki.ServiceAccountPublicKey, sa.ExportSubjectPublicKeyInfoPem());
        return pki;
    }

    private static void Serving(X509Certificate2 ca, string commonName, string certFile, string keyFile, params string[] dnsNames)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(6), serial);
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}

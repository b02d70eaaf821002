using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AdmissionGuard.Testing;

/// <summary>TLS validation that trusts one CA only (the server's generated or test CA) and still checks the host name.</summary>
internal static class CaTrust
{
    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="ca"/> and no error other than the unknown root was reported.</summary>
    public static bool Validate(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <summary>An HTTP client for a server whose certificate <paramref name="ca"/> issued.</summary>
    public static HttpClient Client(X509Certificate2 ca, Action<SocketsHttpHandler>? configure = null)
    {
        var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, c, _, e) => Validate(ca, c, e) } };
        configure?.Invoke(handler);
        return new HttpClient(handler);
    }
}

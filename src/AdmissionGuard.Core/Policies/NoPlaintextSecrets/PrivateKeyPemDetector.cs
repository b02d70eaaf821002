using System.Buffers;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// Finds PEM private-key blocks (<c>-----BEGIN RSA PRIVATE KEY-----</c> and the like, OpenSSH,
/// encrypted PKCS#8, PGP) with a vectorised search for the armour line, then a bounded look at the
/// label and the body. Certificates and public keys are not secrets and are skipped. A header
/// followed by no key material (a template placeholder, documentation) is not reported.
/// </summary>
internal static class PrivateKeyPemDetector
{
    private const string Begin = "-----BEGIN ";
    private const string Dashes = "-----";

    /// <summary>Labels are short upper-case words; a longer run is not an armour line.</summary>
    private const int MaxLabelLength = 40;

    /// <summary>Key material (base64) that must follow the header: less is a placeholder, not a key.</summary>
    private const int MinBodyCharacters = 64;

    private static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    public static readonly Detection Rsa = new("an RSA private key (PEM)", FindingSeverity.Violation);
    public static readonly Detection Ec = new("an EC private key (PEM)", FindingSeverity.Violation);
    public static readonly Detection Dsa = new("a DSA private key (PEM)", FindingSeverity.Violation);
    public static readonly Detection OpenSsh = new("an OpenSSH private key", FindingSeverity.Violation);
    public static readonly Detection Encrypted = new("an encrypted private key (PEM)", FindingSeverity.Violation);
    public static readonly Detection Pkcs8 = new("a private key (PKCS#8 PEM)", FindingSeverity.Violation);
    public static readonly Detection Pgp = new("a PGP private key block", FindingSeverity.Violation);
    public static readonly Detection Other = new("a private key (PEM)", FindingSeverity.Violation);

    public static void Find(ReadOnlySpan<char> text, ref List<Detection>? found)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var hit = text[offset..].IndexOf(Begin, StringComparison.Ordinal);
            if (hit < 0)
            {
                return;
            }

            var labelStart = offset + hit + Begin.Length;
            offset = labelStart;
            var rest = text[labelStart..];
            var labelEnd = rest[..Math.Min(rest.Length, MaxLabelLength + Dashes.Length)].IndexOf(Dashes, StringComparison.Ordinal);
            if (labelEnd <= 0)
            {
                continue;
            }

            var label = rest[..labelEnd];
            var detection = Classify(label);
            if (detection is null)
            {
                continue;
            }

            var body = rest[(labelEnd + Dashes.Length)..];
            var bodyEnd = body.IndexOf(Dashes, StringComparison.Ordinal);
            if (bodyEnd >= 0)
            {
                body = body[..bodyEnd];
            }

            if (CountBase64(body) >= MinBodyCharacters)
            {
                Detection.AddDistinct(ref found, detection);
            }

            offset = labelStart + labelEnd + Dashes.Length + Math.Max(bodyEnd, 0);
        }
    }

    private static Detection? Classify(ReadOnlySpan<char> label)
    {
        if (label.SequenceEqual("PGP PRIVATE KEY BLOCK"))
        {
            return Pgp;
        }

        if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
        {
            return null;
        }

        return label switch
        {
            "PRIVATE KEY" => Pkcs8,
            "RSA PRIVATE KEY" => Rsa,
            "EC PRIVATE KEY" => Ec,
            "DSA PRIVATE KEY" => Dsa,
            "OPENSSH PRIVATE KEY" => OpenSsh,
            "ENCRYPTED PRIVATE KEY" => Encrypted,
            _ => Other,
        };
    }

    private static int CountBase64(ReadOnlySpan<char> body)
    {
        var count = 0;
        var i = 0;
        while (count < MinBodyCharacters)
        {
            var next = body[i..].IndexOfAny(Base64Chars);
            if (next < 0)
            {
                break;
            }

            i += next;
            var run = body[i..].IndexOfAnyExcept(Base64Chars);
            var length = run < 0 ? body.Length - i : run;
            count += length;
            i += length;
        }

        return count;
    }
}

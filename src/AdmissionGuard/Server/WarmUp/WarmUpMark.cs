using System.Security.Cryptography;

namespace AdmissionGuard.Server.WarmUp;

/// <summary>
/// Tells the warm-up's own HTTPS reviews from real ones, so that they are answered like any
/// other but neither logged nor counted. The mark is a random value made at start and known only
/// to this process; it is honoured until the warm-up ends and forgotten then, so after
/// <c>/readyz</c> turns 200 every review is logged and counted whatever its headers.
/// </summary>
internal sealed class WarmUpMark
{
    public const string Header = "X-Admission-Guard-Warm-Up";

    private volatile byte[]? value = Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The header value the warm-up sends; null once it ended.</summary>
    public string? Value => value is { } v ? Encoding.ASCII.GetString(v) : null;

    /// <summary>True for a review the warm-up sent (never after it ended).</summary>
    public bool IsOn(HttpRequest request)
    {
        if (value is not { } expected)
        {
            return false;
        }

        var sent = request.Headers[Header];
        return sent.Count == 1 && sent[0] is { } text
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(text), expected);
    }

    public void Retire() => value = null;
}

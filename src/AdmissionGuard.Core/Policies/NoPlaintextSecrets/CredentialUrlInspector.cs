namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// Tells a plain URL (an issuer, an endpoint: not a credential) from one that carries a credential
/// in its user info or its query. Only the names of query parameters are allocated, to match them
/// against the credential pattern.
/// </summary>
internal sealed class CredentialUrlInspector(CredentialNameMatcher names)
{
    /// <summary>Query parameters that carry a signature rather than a name-matched credential (signed URLs, SAS tokens).</summary>
    private static readonly string[] SignatureParameters = ["sig", "signature", "x-amz-signature", "x-goog-signature"];

    /// <summary>A user name this long in a URL is a token used as the user (<c>https://TOKEN@github.com</c>).</summary>
    private const int TokenLikeUserLength = 16;

    /// <summary>
    /// Null when the value is not <c>scheme://...</c>. Otherwise Url, or UrlWithCredentials when the
    /// user info carries a password or a token, or a query parameter is named like a credential.
    /// </summary>
    public LiteralKind? Classify(ReadOnlySpan<char> v)
    {
        var schemeEnd = v.IndexOf("://");
        if (schemeEnd <= 0 || !IsScheme(v[..schemeEnd]))
        {
            return null;
        }

        var rest = v[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny('/', '?', '#');
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            var colon = userInfo.IndexOf(':');
            if ((colon >= 0 && colon < userInfo.Length - 1) || (colon < 0 && userInfo.Length >= TokenLikeUserLength))
            {
                return LiteralKind.UrlWithCredentials;
            }
        }

        var queryStart = rest.IndexOf('?');
        if (queryStart >= 0)
        {
            var query = rest[(queryStart + 1)..];
            var fragment = query.IndexOf('#');
            if (fragment >= 0)
            {
                query = query[..fragment];
            }

            foreach (var range in query.Split('&'))
            {
                var pair = query[range];
                var eq = pair.IndexOf('=');
                if (eq <= 0 || eq == pair.Length - 1)
                {
                    continue;
                }

                var name = pair[..eq];
                if (IsSignatureParameter(name) || names.IsCredentialName(name.ToString()))
                {
                    return LiteralKind.UrlWithCredentials;
                }
            }
        }

        return LiteralKind.Url;
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSignatureParameter(ReadOnlySpan<char> name) => SignatureParameters.ContainsIgnoringCase(name);
}

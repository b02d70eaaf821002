namespace AdmissionGuard.Core.Configuration.Validation;

/// <summary>The Kubernetes name rules the policy files rely on.</summary>
internal static class KubernetesNames
{
    /// <summary>RFC 1123 label: what namespace names are (lower-case alphanumerics and '-', at most 63).</summary>
    public static bool IsDnsLabel(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 63 || name[0] == '-' || name[^1] == '-')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>namespace/name</c> with a valid namespace and a non-empty name without further slashes or colons.</summary>
    public static bool IsServiceAccountReference(string? reference)
    {
        if (reference is null)
        {
            return false;
        }

        var slash = reference.IndexOf('/');
        if (slash <= 0 || slash == reference.Length - 1)
        {
            return false;
        }

        var name = reference.AsSpan(slash + 1);
        return IsDnsLabel(reference[..slash]) && name.IndexOfAny('/', ':') < 0;
    }
}

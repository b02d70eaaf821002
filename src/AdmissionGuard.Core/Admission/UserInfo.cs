namespace AdmissionGuard.Core.Admission;

/// <summary>The identity that sent the request, as the API server authenticated it.</summary>
internal sealed record UserInfo(string Username, IReadOnlyList<string> Groups)
{
    public static readonly UserInfo Anonymous = new(string.Empty, []);

    /// <summary>For <c>system:serviceaccount:NS:NAME</c>, returns <c>NS/NAME</c>; otherwise null.</summary>
    public string? ServiceAccount
    {
        get
        {
            const string Prefix = "system:serviceaccount:";
            if (!Username.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            var rest = Username.AsSpan(Prefix.Length);
            var colon = rest.IndexOf(':');
            return colon <= 0 ? null : $"{rest[..colon]}/{rest[(colon + 1)..]}";
        }
    }
}

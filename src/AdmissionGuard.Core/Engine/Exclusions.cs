namespace AdmissionGuard.Core.Engine;

/// <summary>Admin-controlled exclusions of a policy (policy file <c>spec.exclude</c>).</summary>
internal sealed record Exclusions
{
    public static readonly Exclusions None = new();

    public IReadOnlySet<string> Namespaces { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Object names, as globs.</summary>
    public IReadOnlyList<Glob> Names { get; init; } = [];

    public IReadOnlySet<string> Users { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public IReadOnlySet<string> Groups { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Service accounts as <c>namespace/name</c>.</summary>
    public IReadOnlySet<string> ServiceAccounts { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Returns a short reason when the request is excluded, else null.</summary>
    public string? Match(AdmissionRequest request, string objectName)
    {
        if (request.Namespace.Length > 0 && Namespaces.Contains(request.Namespace))
        {
            return $"namespace {request.Namespace}";
        }

        foreach (var glob in Names)
        {
            if (glob.IsMatch(objectName))
            {
                return $"name {glob.Pattern}";
            }
        }

        var user = request.UserInfo;
        if (user.Username.Length > 0 && Users.Contains(user.Username))
        {
            return "user";
        }

        foreach (var group in user.Groups)
        {
            if (Groups.Contains(group))
            {
                return $"group {group}";
            }
        }

        if (ServiceAccounts.Count > 0 && user.ServiceAccount is { } sa && ServiceAccounts.Contains(sa))
        {
            return $"service account {sa}";
        }

        return null;
    }
}

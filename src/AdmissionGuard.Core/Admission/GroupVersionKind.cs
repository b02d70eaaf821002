namespace AdmissionGuard.Core.Admission;

/// <summary>A Kubernetes group/version/kind. The core group is the empty string.</summary>
internal readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>The apiVersion as written in a manifest: <c>v1</c> or <c>apps/v1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Parses <c>apps/v1/Deployment</c> or <c>v1/Secret</c> (the policy-file form).</summary>
    public static bool TryParse(string text, out GroupVersionKind gvk)
    {
        gvk = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split('/');
        if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
        {
            gvk = new GroupVersionKind(string.Empty, parts[0], parts[1]);
            return true;
        }

        if (parts.Length == 3 && parts.All(p => p.Length > 0))
        {
            gvk = new GroupVersionKind(parts[0], parts[1], parts[2]);
            return true;
        }

        return false;
    }

    /// <summary>Builds the kind from a manifest's <c>apiVersion</c> and <c>kind</c>.</summary>
    public static GroupVersionKind FromApiVersion(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0
            ? new GroupVersionKind(string.Empty, apiVersion, kind)
            : new GroupVersionKind(apiVersion[..slash], apiVersion[(slash + 1)..], kind);
    }

    /// <summary>The policy-file form: <c>apps/v1/Deployment</c>, <c>v1/Secret</c>.</summary>
    public override string ToString() => $"{ApiVersion}/{Kind}";
}

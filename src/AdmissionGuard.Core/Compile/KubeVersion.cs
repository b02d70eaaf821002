namespace AdmissionGuard.Core.Compile;

/// <summary>
/// The Kubernetes minor version the native policies are written for, and the API versions it
/// serves: ValidatingAdmissionPolicy is GA (<c>admissionregistration.k8s.io/v1</c>) since 1.30;
/// MutatingAdmissionPolicy is beta (<c>v1beta1</c>, behind its feature gate and API) in 1.34 and
/// 1.35 and GA (<c>v1</c>) from 1.36.
/// </summary>
internal readonly record struct KubeVersion(int Major, int Minor) : IComparable<KubeVersion>
{
    public const string Group = "admissionregistration.k8s.io";

    /// <summary>The first version with everything the compiler writes (both kinds of policy).</summary>
    public static readonly KubeVersion Default = new(1, 34);

    public static readonly KubeVersion ValidatingGa = new(1, 30);
    public static readonly KubeVersion MutatingBeta = new(1, 34);
    public static readonly KubeVersion MutatingGa = new(1, 36);

    /// <summary><c>admissionregistration.k8s.io/v1</c>, or null before 1.30.</summary>
    public string? ValidatingApiVersion => CompareTo(ValidatingGa) >= 0 ? Group + "/v1" : null;

    /// <summary><c>v1</c> from 1.36, <c>v1beta1</c> in 1.34 and 1.35, null before.</summary>
    public string? MutatingApiVersion =>
        CompareTo(MutatingGa) >= 0 ? Group + "/v1" : CompareTo(MutatingBeta) >= 0 ? Group + "/v1beta1" : null;

    /// <summary>Parses <c>1.34</c>, <c>v1.34</c> or <c>1.34.2</c> (the patch is ignored).</summary>
    public static bool TryParse(string? text, out KubeVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().TrimStart('v').Split('.');
        if (parts.Length is < 2 or > 3
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out var major)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out var minor))
        {
            return false;
        }

        version = new KubeVersion(major, minor);
        return true;
    }

    public int CompareTo(KubeVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public override string ToString() => $"{Major}.{Minor}";
}

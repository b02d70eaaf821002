using System.Buffers;

namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>
/// Recognises the content hash kustomize appends to the names of the ConfigMaps and Secrets its
/// <c>configMapGenerator</c> and <c>secretGenerator</c> make: a content change renames the object,
/// which changes every pod template that reads it, so the pods roll without a checksum annotation.
///
/// kustomize's hasher (kubernetes-sigs/kustomize <c>api/hasher/hasher.go</c>, <c>encodeHash</c>) takes
/// the first 10 hex digits of a SHA-256 and maps <c>0 1 3 a e</c> to <c>g h k m t</c>, "to prevent bad
/// words from being formed"; the name becomes <c>&lt;name&gt;-&lt;hash&gt;</c>. So the suffix is a <c>-</c>
/// and exactly 10 characters of <c>2 4 5 6 7 8 9 b c d f g h k m t</c>.
/// </summary>
internal static class KustomizeHashSuffix
{
    public const int Length = 10;

    private static readonly SearchValues<char> Alphabet = SearchValues.Create("2456789bcdfghkmt");

    /// <summary>True when the name is <c>&lt;something&gt;-&lt;10 characters of kustomize's hash alphabet&gt;</c>.</summary>
    public static bool IsHashed(string name)
    {
        if (name.Length < Length + 2 || name[^(Length + 1)] != '-')
        {
            return false;
        }

        return !name.AsSpan(name.Length - Length).ContainsAnyExcept(Alphabet);
    }
}

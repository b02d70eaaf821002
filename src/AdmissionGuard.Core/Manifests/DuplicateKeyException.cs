using YamlDotNet.Core;

namespace AdmissionGuard.Core.Manifests;

/// <summary>
/// A mapping that names a key twice. Kubernetes' YAML decoder refuses it (kubectl and kustomize
/// say <c>mapping key "data" already defined at line 5</c>); taking the last value instead would
/// judge an object the cluster never receives, e.g. a Secret whose values a later <c>data: {}</c> hides.
/// </summary>
internal sealed class DuplicateKeyException(Mark start, string key, long firstLine)
    : YamlException(start, start, Describe(key, firstLine))
{
    /// <summary>The message without YamlDotNet's position prefix.</summary>
    public string Reason { get; } = Describe(key, firstLine);

    private static string Describe(string key, long firstLine) =>
        $"mapping key \"{key}\" already defined at line {firstLine} (kubectl and kustomize refuse a duplicate key)";
}

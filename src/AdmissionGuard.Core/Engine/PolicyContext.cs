namespace AdmissionGuard.Core.Engine;

/// <summary>What a policy sees: the request, the object being judged and who applied it.</summary>
internal sealed class PolicyContext(AdmissionRequest request, KubeObject obj, Applier applier)
{
    public AdmissionRequest Request { get; } = request;

    /// <summary>The object under judgement (the new object; the old one when checking existing violations).</summary>
    public KubeObject Object { get; } = obj;

    public Applier Applier { get; } = applier;

    /// <summary>True for objects applied from declarations (Git, charts, files): a known applier, or a file's object, which a repository applies whatever its labels say.</summary>
    public bool IsDeclarative => Applier != Applier.Other || Request.Origin.IsFile;

    private string? objectRef;

    /// <summary><c>Kind namespace/name</c> or <c>Kind name</c>, for messages. Built once: every finding uses it.</summary>
    public string ObjectRef => objectRef ??= BuildObjectRef();

    private string BuildObjectRef()
    {
        var name = Object.Metadata.Name ?? Request.Name;
        if (string.IsNullOrEmpty(name))
        {
            name = Object.Metadata.GenerateName is { Length: > 0 } g ? g + "*" : "(unnamed)";
        }

        var ns = Object.Metadata.NamespaceProperty is { Length: > 0 } n ? n : Request.Namespace;
        return string.IsNullOrEmpty(ns) ? $"{Request.Kind.Kind} {name}" : $"{Request.Kind.Kind} {ns}/{name}";
    }
}

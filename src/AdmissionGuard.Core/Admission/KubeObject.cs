using k8s;
using k8s.Models;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// A Kubernetes object parsed once into a <see cref="JsonDocument"/>, with typed views from
/// KubernetesClient built on demand and cached (metadata). Policies read the typed view and the
/// pod template as JSON; patches are computed against <see cref="Root"/>, never against a round-tripped model.
/// Disposing returns the document's pooled buffers (see <see cref="AdmissionRequest.Dispose"/>).
/// </summary>
internal sealed class KubeObject : IDisposable
{
    /// <summary>
    /// The deepest nesting accepted in an object. CustomResourceDefinitions with nested OpenAPI
    /// schemas go well past the 64 of System.Text.Json's default.
    /// </summary>
    public const int MaxDepth = 256;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    private readonly JsonElement root;
    private readonly JsonDocument? owned;
    private V1ObjectMeta? metadata;

    /// <summary>
    /// Objects up to this size return their document's token table to the shared pool when
    /// disposed. A larger one lets the garbage collector take it: the pool keeps what it is
    /// given, per thread, and multi-megabyte tables kept for rare huge objects would cost more
    /// memory than their reuse saves.
    /// </summary>
    public const int PooledDocumentLimit = 512 * 1024;

    /// <param name="owned">The document <paramref name="root"/> is the root of, when this object owns it; null when it lives in a document owned elsewhere (the review's).</param>
    private KubeObject(JsonElement root, JsonDocument? owned)
    {
        this.root = root;
        this.owned = owned;
    }

    public JsonElement Root => root;

    /// <summary>
    /// An object already parsed as part of a larger document (the review's), which stays its
    /// owner: disposing this object releases nothing.
    /// </summary>
    /// <param name="json">The element's own bytes, checked once for text that cannot be read.</param>
    /// <exception cref="UnreadableObjectException">A string or property name cannot be read.</exception>
    internal static KubeObject Over(JsonElement element, ReadOnlySpan<byte> json)
    {
        EnsureReadable(json, element);
        return new KubeObject(element, owned: null);
    }

    /// <summary>Parses raw JSON; returns null for empty input, JSON null or a non-object.</summary>
    /// <exception cref="UnreadableObjectException">The input is not valid JSON.</exception>
    public static KubeObject? TryParse(ReadOnlyMemory<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, Options);
        }
        catch (JsonException)
        {
            throw UnreadableObjectException.AtPath(string.Empty, "is not valid JSON");
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            return null;
        }

        try
        {
            EnsureReadable(json.Span, doc.RootElement);
        }
        catch (UnreadableObjectException)
        {
            doc.Dispose();
            throw;
        }

        return new KubeObject(doc.RootElement, owned: json.Length <= PooledDocumentLimit ? doc : null);
    }

    /// <summary>Checks the text once; a failure is named by its path while the document is alive (the caller never sees the element).</summary>
    private static void EnsureReadable(ReadOnlySpan<byte> json, JsonElement root)
    {
        try
        {
            JsonTextCheck.EnsureReadable(json, root);
        }
        catch (UnreadableObjectException e)
        {
            throw UnreadableObjectException.AtPath(JsonElementPath.Find(root, e.Element) ?? string.Empty, e.Reason);
        }
    }

    /// <summary>The typed metadata; an empty one when the object has none.</summary>
    /// <exception cref="UnreadableObjectException">A metadata field has the wrong type.</exception>
    public V1ObjectMeta Metadata => metadata ??= Root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
        ? Typed<V1ObjectMeta>(m, "metadata")
        : new V1ObjectMeta();

    /// <summary>
    /// The pod template's <c>metadata</c> (Undefined when absent) and <c>spec</c> as JSON:
    /// <c>spec.template</c> (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job),
    /// <c>spec.jobTemplate.spec.template</c> (CronJob), or the Pod itself; false when there is no
    /// spec. Policies read its fields with <see cref="JsonFields"/>, which refuses wrong types.
    /// </summary>
    public bool TryGetPodTemplateJson(out JsonElement metadata, out JsonElement spec)
    {
        metadata = default;
        spec = default;
        if (TryGet(out var t, "spec", "template") || TryGet(out t, "spec", "jobTemplate", "spec", "template"))
        {
            // A template that is not an object is no template; a wrong-typed metadata or spec
            // inside one is unreadable.
            if (t.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            t.TryGetObject("metadata"u8, out metadata);
            return t.TryGetObject("spec"u8, out spec);
        }

        if (Root.TryGetProperty("kind"u8, out var kind) && kind.ValueKind == JsonValueKind.String && kind.ValueEquals("Pod"u8)
            && TryGet(out var podSpec, "spec") && podSpec.ValueKind == JsonValueKind.Object)
        {
            Root.TryGetObject("metadata"u8, out metadata);
            spec = podSpec;
            return true;
        }

        return false;
    }

    /// <summary>The JSON path of the pod template's spec, for messages: <c>spec.template.spec</c>.</summary>
    public string PodSpecPath =>
        TryGet(out _, "spec", "jobTemplate") ? "spec.jobTemplate.spec.template.spec"
        : TryGet(out _, "spec", "template") ? "spec.template.spec"
        : "spec";

    public string? Annotation(string key) =>
        Metadata.Annotations is { } a && a.TryGetValue(key, out var v) ? v : null;

    public string? Label(string key) =>
        Metadata.Labels is { } l && l.TryGetValue(key, out var v) ? v : null;

    /// <summary>Follows a path of property names; returns false when any step is missing or not an object.</summary>
    public bool TryGet(out JsonElement value, params ReadOnlySpan<string> path)
    {
        value = Root;
        foreach (var step in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(step, out value))
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns its own document's buffers to the pool (up to <see cref="PooledDocumentLimit"/>); do not use <see cref="Root"/> afterwards; the typed views stay.</summary>
    public void Dispose() => owned?.Dispose();

    /// <summary>
    /// Deserialises a typed view, refusing a list with a null item (<c>containers: [null]</c>) as
    /// malformed: the API server's types cannot hold one (it serialises a zero value instead),
    /// and the policies can then rely on every list item being there.
    /// </summary>
    /// <param name="path">Where <paramref name="element"/> is in the object, to name a wrong-typed field.</param>
    private static T Typed<T>(JsonElement element, string path)
    {
        RejectNullListItems(element);
        try
        {
            return KubernetesJson.Deserialize<T>(element);
        }
        catch (JsonException e)
        {
            throw Unreadable<T>(path, e.Path);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException)
        {
            // KubernetesClient's own converters (dates, quantities, int-or-string) throw these
            // for a value of the wrong shape, without a path.
            throw Unreadable<T>(path, null);
        }
    }

    /// <summary>The serializer's path is relative to the element: <c>$.labels</c> under <c>metadata</c>.</summary>
    private static UnreadableObjectException Unreadable<T>(string path, string? serializerPath)
    {
        var inner = serializerPath is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        return UnreadableObjectException.AtPath(inner is null ? path : $"{path}.{inner}", $"cannot be read as {typeof(T).Name}");
    }

    private static void RejectNullListItems(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    RejectNullListItems(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        throw UnreadableObjectException.At(item, "is a null list item");
                    }

                    RejectNullListItems(item);
                }

                break;
        }
    }
}

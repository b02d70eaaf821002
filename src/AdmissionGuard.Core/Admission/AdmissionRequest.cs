using System.Diagnostics.CodeAnalysis;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// One admission request, as the engine sees it. The object and old object stay raw JSON until a
/// policy needs them: requests for kinds no policy targets never pay for parsing them.
/// At the webhook they were parsed with the review, in one document (see <see cref="AdmissionReviewReader"/>).
/// Disposing it once the answer is built returns the parsed documents' buffers to the pool:
/// without that, every review allocates its document's metadata anew (12 bytes per JSON token,
/// on the large-object heap for a 200 KB CRD). Nothing in a decision refers to those documents.
/// </summary>
internal sealed class AdmissionRequest : IDisposable
{
    public string Uid { get; init; } = string.Empty;
    public required Operation Operation { get; init; }
    public required GroupVersionKind Kind { get; init; }
    /// <summary>The resource (plural, lower case), e.g. <c>deployments</c>; informational.</summary>
    public string Resource { get; init; } = string.Empty;
    /// <summary>Empty for the object itself; <c>status</c>, <c>scale</c>... for subresources.</summary>
    public string SubResource { get; init; } = string.Empty;
    public string Namespace { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public UserInfo UserInfo { get; init; } = UserInfo.Anonymous;
    public bool DryRun { get; init; }
    /// <summary><c>options.fieldManager</c> of CREATE and UPDATE (e.g. <c>helm</c>, <c>argocd-controller</c>).</summary>
    public string FieldManager { get; init; } = string.Empty;

    /// <summary>Where the object comes from: the webhook unless said otherwise (a file, a live object).</summary>
    public Origin Origin { get; init; } = Origin.Webhook;

    /// <summary>The raw JSON of <c>request.object</c>; empty when absent or null.</summary>
    public ReadOnlyMemory<byte> ObjectJson { get; init; }

    /// <summary>The raw JSON of <c>request.oldObject</c>; empty when absent or null.</summary>
    public ReadOnlyMemory<byte> OldObjectJson { get; init; }

    /// <summary>
    /// <c>request.object</c> as parsed with the review (the webhook reads the body once);
    /// Undefined when the request was built from raw JSON, which is then parsed on first use.
    /// </summary>
    internal JsonElement ParsedObject { get; init; }

    /// <summary><c>request.oldObject</c> as parsed with the review; Undefined otherwise.</summary>
    internal JsonElement ParsedOldObject { get; init; }

    /// <summary>The review's document, which the parsed elements live in; released on <see cref="Dispose"/>.</summary>
    internal JsonDocument? ReviewDocument { get; init; }

    public AdmissionRequest()
    {
    }

    /// <summary>The copy <see cref="With"/> makes: the source's fields, not its parsed documents.</summary>
    [SetsRequiredMembers]
    private AdmissionRequest(AdmissionRequest source, ReadOnlyMemory<byte> objectJson, bool dryRun)
    {
        (Uid, Operation, Kind, Resource, SubResource) = (source.Uid, source.Operation, source.Kind, source.Resource, source.SubResource);
        (Namespace, Name, UserInfo, FieldManager, Origin) = (source.Namespace, source.Name, source.UserInfo, source.FieldManager, source.Origin);
        (ObjectJson, OldObjectJson, DryRun) = (objectJson, source.OldObjectJson, dryRun);
    }

    private KubeObject? parsedObject;
    private KubeObject? parsedOldObject;
    private bool objectParsed;
    private bool oldObjectParsed;

    /// <summary>The object, parsed on first use; null when the request carries none.</summary>
    public KubeObject? Object => ParseOnce(ObjectJson, ParsedObject, ref parsedObject, ref objectParsed);

    /// <summary>The old object (UPDATE), parsed on first use; null when absent.</summary>
    public KubeObject? OldObject => ParseOnce(OldObjectJson, ParsedOldObject, ref parsedOldObject, ref oldObjectParsed);

    /// <summary>
    /// A copy with another object (what the API server sends on after the mutating webhooks) or
    /// another <c>dryRun</c>; every other field as it is. The copy parses its object anew.
    /// </summary>
    public AdmissionRequest With(ReadOnlyMemory<byte>? objectJson = null, bool? dryRun = null) =>
        new(this, objectJson ?? ObjectJson, dryRun ?? DryRun);

    /// <summary>Releases the parsed object and old object; the raw JSON and the other fields stay readable.</summary>
    public void Dispose()
    {
        parsedObject?.Dispose();
        parsedOldObject?.Dispose();
        ReviewDocument?.Dispose();
    }

    private static KubeObject? ParseOnce(ReadOnlyMemory<byte> json, JsonElement element, ref KubeObject? parsed, ref bool done)
    {
        if (!done)
        {
            parsed = element.ValueKind == JsonValueKind.Object ? KubeObject.Over(element, json.Span) : KubeObject.TryParse(json);
            done = true;
        }

        return parsed;
    }
}

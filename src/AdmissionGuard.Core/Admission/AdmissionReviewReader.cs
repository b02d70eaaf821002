using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Decodes an AdmissionReview request body. This is the hottest code of the webhook, so the body
/// is parsed exactly once: one <see cref="JsonDocument"/> over the body (no copy), from which the
/// envelope fields are read and in which <c>object</c>/<c>oldObject</c> stay as elements that the
/// engine reads directly (see <see cref="AdmissionRequest.Object"/>). A request for a kind no
/// policy targets never looks inside them. The returned request references
/// <paramref name="body"/> and owns the document: the caller keeps the body alive until the
/// answer is written, and disposes the request before releasing the body.
/// </summary>
internal static class AdmissionReviewReader
{
    /// <summary>The deepest nesting accepted in a review: the object's own limit (<see cref="KubeObject.MaxDepth"/>).</summary>
    public const int MaxDepth = KubeObject.MaxDepth;

    private const string Kind = "AdmissionReview";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>Reads a review; throws <see cref="AdmissionReviewException"/> for anything it cannot answer.</summary>
    public static AdmissionReview Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            ExpectObject(body.Span);

            // Syntax, depth and trailing content are all checked here, for the whole body.
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException e)
        {
            // The parser's own message quotes the offending character; the position is enough.
            throw new AdmissionReviewException(
                AdmissionReviewError.MalformedJson,
                $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }

        try
        {
            return ReadReview(document, body);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>The body's first token decides whether it can be a review at all, before the rest is parsed.</summary>
    private static void ExpectObject(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read())
        {
            throw Invalid(AdmissionReviewError.MalformedJson, "the body is empty");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid("the body must be a JSON object (an AdmissionReview)");
        }
    }

    private static AdmissionReview ReadReview(JsonDocument document, ReadOnlyMemory<byte> body)
    {
        var root = document.RootElement;
        // The envelope is judged before the request.
        var version = ReviewFields.String(root, "apiVersion"u8, "apiVersion") switch
        {
            null => throw Invalid("apiVersion is missing"),
            AdmissionReviewVersions.V1 => AdmissionReviewVersion.V1,
            AdmissionReviewVersions.V1Beta1 => AdmissionReviewVersion.V1Beta1,
            _ => throw Invalid(
                AdmissionReviewError.UnsupportedVersion,
                $"unsupported apiVersion (expected {AdmissionReviewVersions.V1} or {AdmissionReviewVersions.V1Beta1})"),
        };

        var kind = ReviewFields.String(root, "kind"u8, "kind");
        if (kind != Kind)
        {
            throw Invalid(kind is null ? "kind is missing" : "kind must be AdmissionReview");
        }

        if (!ReviewFields.TryObject(root, "request"u8, "request", out var request))
        {
            throw Invalid("request is missing");
        }

        return new AdmissionReview(version, ReadRequest(request, document, body));
    }

    private static AdmissionRequest ReadRequest(JsonElement request, JsonDocument document, ReadOnlyMemory<byte> body)
    {
        var uid = ReviewFields.String(request, "uid"u8, "request.uid");
        var kind = ReadKind(request);
        var resource = ReviewFields.TryObject(request, "resource"u8, "request.resource", out var r)
            ? ReviewFields.KnownString(r, "resource"u8, "request.resource.resource")
            : null;
        var subResource = ReviewFields.String(request, "subResource"u8, "request.subResource");
        var ns = ReviewFields.String(request, "namespace"u8, "request.namespace");
        var name = ReviewFields.String(request, "name"u8, "request.name");
        var operation = ReadOperation(request);
        var userInfo = ReadUserInfo(request);
        var obj = ReadObject(request, "object"u8, "request.object", body);
        var oldObj = ReadObject(request, "oldObject"u8, "request.oldObject", body);
        var dryRun = ReviewFields.Boolean(request, "dryRun"u8, "request.dryRun");
        var fieldManager = ReviewFields.TryObject(request, "options"u8, "request.options", out var options)
            ? ReviewFields.KnownString(options, "fieldManager"u8, "request.options.fieldManager")
            : null;

        if (string.IsNullOrEmpty(uid))
        {
            throw Invalid("request.uid is missing");
        }

        if (operation is null)
        {
            throw Invalid("request.operation is missing");
        }

        if (kind is null)
        {
            throw Invalid("request.kind is missing");
        }

        return new AdmissionRequest
        {
            Uid = uid,
            Operation = operation.Value,
            Kind = kind.Value,
            Resource = resource ?? string.Empty,
            SubResource = subResource ?? string.Empty,
            Namespace = ns ?? string.Empty,
            Name = name ?? string.Empty,
            UserInfo = userInfo,
            DryRun = dryRun,
            FieldManager = fieldManager ?? string.Empty,
            ObjectJson = obj.Json,
            OldObjectJson = oldObj.Json,
            ParsedObject = obj.Element,
            ParsedOldObject = oldObj.Element,
            // As for an object parsed on its own: only a document up to the pooled limit returns
            // its buffers to the shared pool; a larger one is left to the garbage collector.
            ReviewDocument = body.Length <= KubeObject.PooledDocumentLimit ? document : null,
        };
    }

    /// <summary>
    /// An object field: its element in the document and its exact bytes, a slice of the body
    /// (the document is parsed over the body without a copy, so its raw values lie inside it).
    /// </summary>
    private static (ReadOnlyMemory<byte> Json, JsonElement Element) ReadObject(JsonElement request, ReadOnlySpan<byte> name, string field, ReadOnlyMemory<byte> body)
    {
        if (!ReviewFields.TryObject(request, name, field, out var element))
        {
            return default;
        }

        var raw = JsonMarshal.GetRawUtf8Value(element);
        var offset = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(body.Span), ref MemoryMarshal.GetReference(raw));
        var json = offset >= 0 && offset + raw.Length <= body.Length
            ? body.Slice((int)offset, raw.Length)
            : raw.ToArray();
        return (json, element);
    }

    private static GroupVersionKind? ReadKind(JsonElement request)
    {
        if (!ReviewFields.TryObject(request, "kind"u8, "request.kind", out var kind))
        {
            return null;
        }

        var group = ReviewFields.KnownString(kind, "group"u8, "request.kind.group");
        var version = ReviewFields.KnownString(kind, "version"u8, "request.kind.version");
        var name = ReviewFields.KnownString(kind, "kind"u8, "request.kind.kind");
        if (string.IsNullOrEmpty(version) || string.IsNullOrEmpty(name))
        {
            throw Invalid("request.kind needs version and kind");
        }

        return new GroupVersionKind(group ?? string.Empty, version, name);
    }

    private static Operation? ReadOperation(JsonElement request)
    {
        if (!request.TryGetProperty("operation"u8, out var operation) || operation.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (operation.ValueKind != JsonValueKind.String)
        {
            throw ReviewFields.WrongType("request.operation", "a string");
        }

        for (var i = 0; i < OperationNames.Utf8.Length; i++)
        {
            if (operation.ValueEquals(OperationNames.Utf8[i]))
            {
                return (Operation)i;
            }
        }

        throw Invalid("request.operation must be " + OperationNames.Listed);
    }

    private static UserInfo ReadUserInfo(JsonElement request)
    {
        if (!ReviewFields.TryObject(request, "userInfo"u8, "request.userInfo", out var userInfo))
        {
            return UserInfo.Anonymous;
        }

        var username = ReviewFields.String(userInfo, "username"u8, "request.userInfo.username");
        var groups = ReviewFields.KnownStrings(userInfo, "groups"u8, "request.userInfo.groups");
        return username is null && groups is null
            ? UserInfo.Anonymous
            : new UserInfo(username ?? string.Empty, groups ?? []);
    }

    private static AdmissionReviewException Invalid(string message) =>
        new(AdmissionReviewError.InvalidReview, message);

    private static AdmissionReviewException Invalid(AdmissionReviewError error, string message) => new(error, message);
}

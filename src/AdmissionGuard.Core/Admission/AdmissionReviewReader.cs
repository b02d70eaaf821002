using System.Text.Json;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Decodes an AdmissionReview request body in one forward pass with <see cref="Utf8JsonReader"/>.
/// This is the hottest code of the webhook: the envelope fields are read directly, and
/// <c>object</c>/<c>oldObject</c> are only skipped over (which checks their syntax) and kept as
/// slices of the body, so a request for a kind no policy targets never builds a document for them.
/// The returned request references <paramref name="body"/>: the caller keeps it alive until the
/// answer is written.
/// </summary>
public static class AdmissionReviewReader
{
    /// <summary>
    /// The deepest nesting accepted, matching <see cref="KubeObject"/>. CustomResourceDefinitions
    /// with nested OpenAPI schemas go well past the 64 of System.Text.Json's default.
    /// </summary>
    public const int MaxDepth = 256;

    private const string Kind = "AdmissionReview";

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>Reads a review; throws <see cref="AdmissionReviewException"/> for anything it cannot answer.</summary>
    public static AdmissionReview Read(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, Options);
        try
        {
            return ReadReview(ref reader, body);
        }
        catch (JsonException e)
        {
            // The reader's own message quotes the offending character; the position is enough.
            throw new AdmissionReviewException(
                AdmissionReviewError.MalformedJson,
                $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }
    }

    private static AdmissionReview ReadReview(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        if (!reader.Read())
        {
            throw Invalid(AdmissionReviewError.MalformedJson, "the body is empty");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid("the body must be a JSON object (an AdmissionReview)");
        }

        string? apiVersion = null;
        string? kind = null;
        (AdmissionRequest? Request, string? Error) request = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("apiVersion"u8))
            {
                reader.Read();
                apiVersion = ReadString(ref reader, "apiVersion");
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kind = ReadString(ref reader, "kind");
            }
            else if (reader.ValueTextEquals("request"u8))
            {
                reader.Read();
                request = reader.TokenType switch
                {
                    JsonTokenType.Null => default,
                    JsonTokenType.StartObject => ReadRequest(ref reader, body),
                    _ => throw WrongType("request", "an object"),
                };
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Trailing content after the review is malformed JSON, not something to ignore.
        if (reader.Read())
        {
            throw Invalid(AdmissionReviewError.MalformedJson, "unexpected content after the AdmissionReview");
        }

        var version = apiVersion switch
        {
            null => throw Invalid("apiVersion is missing"),
            AdmissionReviewVersions.V1 => AdmissionReviewVersion.V1,
            AdmissionReviewVersions.V1Beta1 => AdmissionReviewVersion.V1Beta1,
            _ => throw Invalid(
                AdmissionReviewError.UnsupportedVersion,
                $"unsupported apiVersion (expected {AdmissionReviewVersions.V1} or {AdmissionReviewVersions.V1Beta1})"),
        };

        if (kind != Kind)
        {
            throw Invalid(kind is null ? "kind is missing" : "kind must be AdmissionReview");
        }

        // The envelope is judged before the request, whatever the order of the properties.
        return request switch
        {
            ({ } r, null) => new AdmissionReview(version, r),
            (_, { } error) => throw Invalid(error),
            _ => throw Invalid("request is missing"),
        };
    }

    /// <summary>The request, or what is missing from it (thrown once the envelope was checked).</summary>
    private static (AdmissionRequest? Request, string? Error) ReadRequest(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        string? uid = null;
        Operation? operation = null;
        GroupVersionKind? kind = null;
        string? resource = null;
        string? subResource = null;
        string? ns = null;
        string? name = null;
        var userInfo = UserInfo.Anonymous;
        var dryRun = false;
        string? fieldManager = null;
        ReadOnlyMemory<byte> obj = default;
        ReadOnlyMemory<byte> oldObj = default;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("uid"u8))
            {
                reader.Read();
                uid = ReadString(ref reader, "request.uid");
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kind = ReadKind(ref reader);
            }
            else if (reader.ValueTextEquals("resource"u8))
            {
                reader.Read();
                resource = ReadResource(ref reader);
            }
            else if (reader.ValueTextEquals("subResource"u8))
            {
                reader.Read();
                subResource = ReadString(ref reader, "request.subResource");
            }
            else if (reader.ValueTextEquals("namespace"u8))
            {
                reader.Read();
                ns = ReadString(ref reader, "request.namespace");
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = ReadString(ref reader, "request.name");
            }
            else if (reader.ValueTextEquals("operation"u8))
            {
                reader.Read();
                operation = ReadOperation(ref reader);
            }
            else if (reader.ValueTextEquals("userInfo"u8))
            {
                reader.Read();
                userInfo = ReadUserInfo(ref reader);
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                obj = ReadRaw(ref reader, body, "request.object");
            }
            else if (reader.ValueTextEquals("oldObject"u8))
            {
                reader.Read();
                oldObj = ReadRaw(ref reader, body, "request.oldObject");
            }
            else if (reader.ValueTextEquals("dryRun"u8))
            {
                reader.Read();
                dryRun = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False or JsonTokenType.Null => false,
                    _ => throw WrongType("request.dryRun", "a boolean"),
                };
            }
            else if (reader.ValueTextEquals("options"u8))
            {
                reader.Read();
                fieldManager = ReadFieldManager(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(uid))
        {
            return (null, "request.uid is missing");
        }

        if (operation is null)
        {
            return (null, "request.operation is missing");
        }

        if (kind is null)
        {
            return (null, "request.kind is missing");
        }

        return (new AdmissionRequest
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
            ObjectJson = obj,
            OldObjectJson = oldObj,
        }, null);
    }

    /// <summary>Records the object as a slice of the body; <see cref="Utf8JsonReader.Skip"/> still checks its syntax.</summary>
    private static ReadOnlyMemory<byte> ReadRaw(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.StartObject:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return body[start..(int)reader.BytesConsumed];
            default:
                throw WrongType(field, "an object");
        }
    }

    private static GroupVersionKind? ReadKind(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref reader, "request.kind");
        string? group = null, version = null, kind = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("group"u8))
            {
                reader.Read();
                group = ReadKnownString(ref reader, "request.kind.group");
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                version = ReadKnownString(ref reader, "request.kind.version");
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kind = ReadKnownString(ref reader, "request.kind.kind");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(version) || string.IsNullOrEmpty(kind))
        {
            throw Invalid("request.kind needs version and kind");
        }

        return new GroupVersionKind(group ?? string.Empty, version, kind);
    }

    private static string? ReadResource(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref reader, "request.resource");
        string? resource = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resource"u8))
            {
                reader.Read();
                resource = ReadKnownString(ref reader, "request.resource.resource");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return resource;
    }

    private static Operation? ReadOperation(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw WrongType("request.operation", "a string");
        }

        for (var i = 0; i < OperationNames.Utf8.Length; i++)
        {
            if (reader.ValueTextEquals(OperationNames.Utf8[i]))
            {
                return (Operation)i;
            }
        }

        throw Invalid("request.operation must be " + OperationNames.Listed);
    }

    private static UserInfo ReadUserInfo(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return UserInfo.Anonymous;
        }

        ExpectObject(ref reader, "request.userInfo");
        string? username = null;
        List<string>? groups = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("username"u8))
            {
                reader.Read();
                username = ReadString(ref reader, "request.userInfo.username");
            }
            else if (reader.ValueTextEquals("groups"u8))
            {
                reader.Read();
                groups = ReadStringArray(ref reader, "request.userInfo.groups");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return username is null && groups is null
            ? UserInfo.Anonymous
            : new UserInfo(username ?? string.Empty, groups is null ? [] : groups);
    }

    private static string? ReadFieldManager(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref reader, "request.options");
        string? fieldManager = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("fieldManager"u8))
            {
                reader.Read();
                fieldManager = ReadKnownString(ref reader, "request.options.fieldManager");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return fieldManager;
    }

    private static List<string>? ReadStringArray(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(field, "an array of strings");
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw WrongType(field, "an array of strings");
            }

            list.Add(ReadKnownString(ref reader, field)!);
        }

        return list;
    }

    private static string? ReadString(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.String => GetString(ref reader, field),
        JsonTokenType.Null => null,
        _ => throw WrongType(field, "a string"),
    };

    /// <summary>
    /// The reader checks a string's syntax, not its encoding: bytes that are not UTF-8, or an
    /// escaped lone surrogate, only fail when the string is decoded. That is malformed input
    /// (JSON text is UTF-8), not a webhook error.
    /// </summary>
    private static string GetString(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Invalid(AdmissionReviewError.MalformedJson, $"{field} is not valid UTF-8 text");
        }
    }

    /// <summary>A string that is usually one of a few known values: those are not allocated again per request.</summary>
    private static string? ReadKnownString(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var span = reader.ValueSpan;
            foreach (var known in KnownStrings.All)
            {
                if (span.SequenceEqual(known.Utf8))
                {
                    return known.Text;
                }
            }
        }

        return ReadString(ref reader, field);
    }

    private static void ExpectObject(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw WrongType(field, "an object");
        }
    }

    private static AdmissionReviewException WrongType(string field, string expected) =>
        Invalid($"{field} must be {expected}");

    private static AdmissionReviewException Invalid(string message) =>
        new(AdmissionReviewError.InvalidReview, message);

    private static AdmissionReviewException Invalid(AdmissionReviewError error, string message) => new(error, message);
}

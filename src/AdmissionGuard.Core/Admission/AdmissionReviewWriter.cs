using System.Buffers;
using System.Text.Encodings.Web;
using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Encodes the answer to an AdmissionReview with <see cref="Utf8JsonWriter"/>: the request's
/// apiVersion, the same uid (the API server counts a mismatch as a failed call), <c>allowed</c>,
/// a <c>status</c> on denial, warnings, audit annotations, and a base64 JSON Patch only for a
/// mutating webhook's answer: a validating answer never carries a patch.
/// </summary>
internal static class AdmissionReviewWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // The answer is read by the API server, not embedded in HTML: quotes and braces of fix
        // snippets stay readable instead of becoming \u0022.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // One writer per thread, re-pointed at each output: writing is synchronous, so no request
    // can see another's writer. Parked on an empty sink so it does not keep a response alive.
    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    private static readonly ArrayBufferWriter<byte> Parked = new(1);

    /// <summary>Writes the AdmissionReview carrying <paramref name="answer"/> to <paramref name="output"/>.</summary>
    public static void Write(
        IBufferWriter<byte> output,
        AdmissionReviewVersion version,
        string uid,
        AdmissionAnswer answer,
        PolicyType type)
    {
        var writer = cachedWriter ??= new Utf8JsonWriter(Parked, Options);
        writer.Reset(output);
        try
        {
            WriteReview(writer, version, uid, answer, type);
            writer.Flush();
        }
        finally
        {
            writer.Reset(Parked);
        }
    }

    /// <summary>The answer as a byte array (tests).</summary>
    public static byte[] ToBytes(AdmissionReviewVersion version, string uid, AdmissionAnswer answer, PolicyType type)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, version, uid, answer, type);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteReview(Utf8JsonWriter w, AdmissionReviewVersion version, string uid, AdmissionAnswer answer, PolicyType type)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion"u8, version.ToApiVersion());
        w.WriteString("kind"u8, "AdmissionReview"u8);
        w.WriteStartObject("response"u8);
        w.WriteString("uid"u8, uid);
        w.WriteBoolean("allowed"u8, answer.Allowed);

        if (!answer.Allowed)
        {
            w.WriteStartObject("status"u8);
            w.WriteNumber("code"u8, answer.StatusCode);
            w.WriteString("message"u8, answer.Message);
            if (Reason(answer.StatusCode) is { } reason)
            {
                w.WriteString("reason"u8, reason);
            }

            w.WriteEndObject();
        }

        if (answer.Warnings.Count > 0)
        {
            w.WriteStartArray("warnings"u8);
            foreach (var warning in answer.Warnings)
            {
                w.WriteStringValue(warning);
            }

            w.WriteEndArray();
        }

        if (answer.AuditAnnotations.Count > 0)
        {
            w.WriteStartObject("auditAnnotations"u8);
            foreach (var (key, value) in answer.AuditAnnotations)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        if (type == PolicyType.Mutating && answer.Allowed && answer.Patch.Count > 0)
        {
            w.WriteString("patchType"u8, "JSONPatch"u8);
            w.WriteBase64String("patch"u8, JsonPatchWriter.ToJson(answer.Patch));
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The metav1.StatusReason the API server expects next to a code.</summary>
    private static string? Reason(int code) => code switch
    {
        400 => "BadRequest",
        403 => "Forbidden",
        422 => "Invalid",
        500 => "InternalError",
        _ => null,
    };
}

using AdmissionGuard.Server.Hosting;

namespace AdmissionGuard.Server.Admission;

/// <summary>Why a request got no AdmissionReview answer. Each maps to one HTTP status and one metric label.</summary>
internal enum RejectReason
{
    /// <summary>No endpoint at this path (on this port): 404.</summary>
    NotFound,

    /// <summary>The endpoint exists but not for this method (admission takes POST, health GET): 405.</summary>
    MethodNotAllowed,

    /// <summary>The body is not declared as JSON (application/json, UTF-8): 415.</summary>
    UnsupportedMediaType,

    /// <summary>The body is larger than <see cref="ServerOptions.MaxRequestBodyBytes"/>: 413.</summary>
    BodyTooLarge,

    /// <summary>The body is not well-formed JSON, or nests too deep: 400.</summary>
    MalformedJson,

    /// <summary>Well-formed JSON that is not an answerable AdmissionReview (e.g. no request.uid): 400.</summary>
    InvalidReview,

    /// <summary>An AdmissionReview apiVersion other than v1 and v1beta1: 400.</summary>
    UnsupportedVersion,

    /// <summary>Kestrel refused the request itself (bad framing, a body that stopped arriving): its status.</summary>
    BadRequest,

    /// <summary>A bug in the webhook, never the client's input: 500, so the webhook's failurePolicy applies.</summary>
    InternalError,
}

internal static class RejectReasons
{
    public static int StatusCode(this RejectReason reason) => reason switch
    {
        RejectReason.NotFound => StatusCodes.Status404NotFound,
        RejectReason.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        RejectReason.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        RejectReason.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        RejectReason.InternalError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>The metric label and the <c>reason</c> of the JSON error body.</summary>
    public static string ToWire(this RejectReason reason) => reason switch
    {
        RejectReason.NotFound => "not_found",
        RejectReason.MethodNotAllowed => "method_not_allowed",
        RejectReason.UnsupportedMediaType => "unsupported_media_type",
        RejectReason.BodyTooLarge => "body_too_large",
        RejectReason.MalformedJson => "malformed_json",
        RejectReason.InvalidReview => "invalid_review",
        RejectReason.UnsupportedVersion => "unsupported_version",
        RejectReason.BadRequest => "bad_request",
        _ => "internal_error",
    };
}

namespace AdmissionGuard.Core.Admission;

/// <summary>Why a body is not an AdmissionReview the webhook can answer.</summary>
internal enum AdmissionReviewError
{
    /// <summary>The body is not well-formed JSON (or nests deeper than the limit).</summary>
    MalformedJson,

    /// <summary>Well-formed JSON, but not a usable review: a field missing or of the wrong type.</summary>
    InvalidReview,

    /// <summary>An <c>apiVersion</c> other than admission.k8s.io/v1 or v1beta1.</summary>
    UnsupportedVersion,
}

/// <summary>
/// Thrown by <see cref="AdmissionReviewReader"/> for a body it cannot answer. The message is short,
/// names the field, and never quotes the body: it goes back to the caller and into the log.
/// </summary>
internal sealed class AdmissionReviewException(AdmissionReviewError error, string message) : Exception(message)
{
    public AdmissionReviewError Error { get; } = error;
}

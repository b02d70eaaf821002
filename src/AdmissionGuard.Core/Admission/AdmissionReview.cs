namespace AdmissionGuard.Core.Admission;

/// <summary>A decoded AdmissionReview request: its version (the answer must use it) and the request.</summary>
internal sealed record AdmissionReview(AdmissionReviewVersion Version, AdmissionRequest Request);

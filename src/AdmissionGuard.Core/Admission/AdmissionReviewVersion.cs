namespace AdmissionGuard.Core.Admission;

/// <summary>The AdmissionReview versions the webhook accepts; the answer is given in the request's version.</summary>
internal enum AdmissionReviewVersion
{
    /// <summary><c>admission.k8s.io/v1</c>, what every supported API server sends.</summary>
    V1,

    /// <summary><c>admission.k8s.io/v1beta1</c>, still sent by webhooks configured with it.</summary>
    V1Beta1,
}

internal static class AdmissionReviewVersions
{
    public const string V1 = "admission.k8s.io/v1";
    public const string V1Beta1 = "admission.k8s.io/v1beta1";

    public static string ToApiVersion(this AdmissionReviewVersion version) =>
        version == AdmissionReviewVersion.V1Beta1 ? V1Beta1 : V1;
}

namespace AdmissionGuard.Cli.Checking;

/// <summary>
/// A saved <c>AdmissionReview</c> given to <c>check</c>, judged as the webhook judges it: read by
/// the webhook's own reader (its <c>request.object</c>, <c>oldObject</c>, operation, user,
/// <c>dryRun</c> and <c>options.fieldManager</c>), the mutating policies first, then the
/// validating policies on the object as the API server sends it to the validating webhook,
/// with the mutating webhook's patch applied. Nothing of the files around it is known, as at
/// the webhook, and <c>--applier</c> does not apply: the review says who applies the object.
/// </summary>
/// <param name="Judgement">The results, as for a file's object.</param>
/// <param name="Kind">The kind the review names.</param>
/// <param name="Namespace">The review's namespace, else the object's.</param>
/// <param name="Name">The review's name, else the object's.</param>
/// <param name="Operation">The review's operation, as the API server spells it.</param>
internal sealed record ReviewJudgement(Judgement Judgement, GroupVersionKind Kind, string? Namespace, string? Name, string Operation)
{
    private const string ReviewKind = "AdmissionReview";
    private const string ReviewGroup = "admission.k8s.io/";

    public static bool IsReview(string apiVersion, string kind) =>
        kind == ReviewKind && apiVersion.StartsWith(ReviewGroup, StringComparison.Ordinal);

    /// <summary>Judges <paramref name="review"/>; throws <see cref="AdmissionReviewException"/> when the webhook could not read it either.</summary>
    public static ReviewJudgement Of(PolicyEngine engine, JsonObject review)
    {
        using var request = AdmissionReviewReader.Read(Judgement.Serialize(review)).Request;
        var judgement = Judgement.Of(engine, request);
        var given = review["request"]?["object"] as JsonObject;
        return new ReviewJudgement(
            judgement,
            request.Kind,
            request.Namespace.Length > 0 ? request.Namespace : given is null ? null : ManifestChecker.MetadataString(given, "namespace"),
            request.Name.Length > 0 ? request.Name : given is null ? null : ManifestChecker.MetadataString(given, "name"),
            request.Operation.ToWire());
    }
}

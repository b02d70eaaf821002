namespace AdmissionGuard.Core.Engine;

/// <summary>Why an object could not be read: the field and what is wrong with it, never its value.</summary>
/// <param name="PolicyId">The policy that met the field; null when the object itself (JSON, metadata) could not be read.</param>
/// <param name="FieldPath">The field, e.g. <c>spec.template.spec.containers</c>; empty for the whole object.</param>
/// <param name="Reason">What is wrong, e.g. <c>is String, not Array</c>.</param>
internal sealed record UnreadableObject(string? PolicyId, string FieldPath, string Reason)
{
    /// <summary><c>spec.template.spec.containers is String, not Array</c>; <c>request.object is not valid JSON</c>.</summary>
    public string Describe(string objectField = "request.object") =>
        FieldPath.Length == 0 ? $"{objectField} {Reason}" : $"{FieldPath} {Reason}";
}

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// A kind of credential found in a text, described for people ("an AWS access key id"), never
/// quoting what matched. Advice for formats that are sometimes public by design (JWTs).
/// </summary>
internal sealed record Detection(string Description, FindingSeverity Severity)
{
    /// <summary>Adds the detection unless the same kind was already found in this text.</summary>
    public static void AddDistinct(ref List<Detection>? found, Detection detection)
    {
        found ??= new List<Detection>(2);
        if (!found.Contains(detection))
        {
            found.Add(detection);
        }
    }
}

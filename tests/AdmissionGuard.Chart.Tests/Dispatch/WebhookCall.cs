namespace AdmissionGuard.Chart.Tests.Dispatch;

/// <summary>One webhook the API server calls for a request (or, on a matchCondition error, the failurePolicy it applies instead).</summary>
internal sealed record WebhookCall(string ConfigurationKind, string WebhookName, string Path, string FailurePolicy, bool ConditionError = false)
{
    public override string ToString() => $"{WebhookName} -> {Path} ({FailurePolicy}{(ConditionError ? ", condition error" : string.Empty)})";
}

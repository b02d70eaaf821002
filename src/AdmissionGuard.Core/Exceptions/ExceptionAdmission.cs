namespace AdmissionGuard.Core.Exceptions;

/// <summary>
/// The webhook's review of a PolicyException itself (CREATE and UPDATE): the shape, the policies it
/// names, its reason and its expiry, against the policy set in force. Every problem is one line of
/// the denial, naming the field.
/// </summary>
internal static class ExceptionAdmission
{
    /// <summary>The id under which these checks appear in denials, logs, metrics and audit annotations.</summary>
    public const string CheckId = "policy-exception";

    public static bool IsExceptionKind(GroupVersionKind kind) => kind.Group == PolicyException.Group && kind.Kind == PolicyException.KindName;

    public static PolicyResult Review(AdmissionRequest request, PolicySet policies, DateTimeOffset now)
    {
        var errors = new List<ExceptionFieldError>();
        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(request.ObjectJson.Span) as JsonObject;
        }
        catch (JsonException)
        {
            obj = null;
        }

        var display = $"{PolicyException.KindName} {request.Namespace}/{request.Name}";
        if (obj is null)
        {
            errors.Add(new(string.Empty, "the object is not a JSON object"));
        }
        else if (PolicyExceptionReader.Read(obj, "request", errors, request.Namespace) is { } exception)
        {
            // An update that leaves the spec alone (labels, finalizers) is no new grant: the expiry bounds are for what is granted.
            var specUnchanged = request.Operation == Operation.Update && SpecOf(request.OldObjectJson) is { } old && JsonNode.DeepEquals(old, obj["spec"]);
            PolicyExceptionValidator.Validate(exception, policies, now, errors, checkExpiry: !specUnchanged);
            display = exception.Display;
        }

        if (errors.Count == 0)
        {
            return PolicyResult.Pass(CheckId, PolicyAction.Enforce);
        }

        var verdicts = errors.Select(e =>
        {
            var text = e.Field.Length == 0 ? e.Message : $"{e.Field}: {e.Message}";
            return new Verdict(VerdictOutcome.Deny, new Finding(CheckId, FindingSeverity.Violation, text, $"{display}: {text}", e.Field, "see docs/exceptions.md for each field"));
        }).ToArray();
        return PolicyResult.Deny(CheckId, PolicyAction.Enforce, verdicts);
    }

    private static JsonNode? SpecOf(ReadOnlyMemory<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        try
        {
            return (JsonNode.Parse(json.Span) as JsonObject)?["spec"];
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Text.Json.Nodes;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Cli.Checking;

/// <summary>
/// Turns the engine's per-policy results into report lines, reading them as the API server would:
/// a violation under <c>enforce</c> denies, advice and the <c>warn</c> action warn, <c>audit</c>
/// records, an enforced mutation changes the object.
/// </summary>
internal static class FindingMapper
{
    public static IEnumerable<ReportFinding> Map(CheckedObject obj, PolicyResult result)
    {
        switch (result.Result)
        {
            case PolicyResultKind.Pass or PolicyResultKind.Excluded:
                break;
            case PolicyResultKind.Error:
                yield return Line(obj, result.PolicyId, FindingResult.Deny, result.Note ?? "the object could not be read", string.Empty, string.Empty);
                yield break;
            case PolicyResultKind.Mutate:
                foreach (var line in Mutations(obj, result))
                {
                    yield return line;
                }

                break;
            default:
                foreach (var f in result.Findings)
                {
                    var kind = result.Result switch
                    {
                        PolicyResultKind.Deny => f.Severity == FindingSeverity.Violation ? FindingResult.Deny : FindingResult.Warn,
                        PolicyResultKind.Audit => FindingResult.Audit,
                        _ => FindingResult.Warn,
                    };
                    yield return Line(obj, f, kind);
                }

                break;
        }

        // A note (an allowed existing violation, an ignored exemption request) is a warning,
        // except under audit, which records without a word to the user.
        if (result.Note is { } note && result.Result is not (PolicyResultKind.Error or PolicyResultKind.Excluded))
        {
            var kind = result.Action == PolicyAction.Audit ? FindingResult.Audit : FindingResult.Warn;
            yield return Line(obj, result.PolicyId, kind, note, string.Empty, string.Empty);
        }
    }

    /// <summary>
    /// A mutation's advice warns; its other findings describe the change. When the policy describes
    /// none, each patch operation is described instead, so a change is never silent.
    /// </summary>
    private static IEnumerable<ReportFinding> Mutations(CheckedObject obj, PolicyResult result)
    {
        var described = false;
        foreach (var f in result.Findings)
        {
            var isAdvice = f.Severity == FindingSeverity.Advice;
            described |= !isAdvice;
            yield return Line(obj, f, isAdvice ? FindingResult.Warn : FindingResult.Mutate);
        }

        if (described)
        {
            yield break;
        }

        foreach (var op in result.Patch)
        {
            var path = PointerToPath(op.Path);
            yield return Line(obj, result.PolicyId, FindingResult.Mutate, $"{op.Op}s {path}: {ValueText(op.Value)}", path, string.Empty);
        }
    }

    private static ReportFinding Line(CheckedObject obj, Finding f, FindingResult result) =>
        Line(obj, f.PolicyId, result, f.Message, f.Path, f.Fix);

    private static ReportFinding Line(CheckedObject obj, string policy, FindingResult result, string message, string path, string fix) =>
        new(obj, policy, result, message, Prefix(obj, path), fix);

    private static string Prefix(CheckedObject obj, string path) =>
        obj.ItemPath is null ? path : path.Length == 0 ? obj.ItemPath : $"{obj.ItemPath}.{path}";

    /// <summary><c>/metadata/annotations/helm.sh~1resource-policy</c> reads as <c>metadata.annotations["helm.sh/resource-policy"]</c>.</summary>
    internal static string PointerToPath(string pointer)
    {
        var parts = pointer.Split('/', StringSplitOptions.None).Skip(1).Select(t => t.Replace("~1", "/").Replace("~0", "~"));
        var sb = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit))
            {
                sb.Append('[').Append(part).Append(']');
            }
            else if (part.Contains('.') || part.Contains('/'))
            {
                sb.Append("[\"").Append(part).Append("\"]");
            }
            else
            {
                if (sb.Length > 0)
                {
                    sb.Append('.');
                }

                sb.Append(part);
            }
        }

        return sb.ToString();
    }

    /// <summary>Patch values are the policies' own (annotation values, maps of them), never manifest content.</summary>
    private static string ValueText(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}

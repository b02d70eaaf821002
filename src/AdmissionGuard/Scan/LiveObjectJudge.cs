using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Scan;

/// <summary>
/// Judges a live object as the webhook judges a CREATE of it: the mutating policies, their patch
/// applied, then the validating policies on the mutated object. A CREATE, not an UPDATE, so that
/// <c>allowExistingViolations</c> cannot hide what already violates. The applier is the one
/// the object's managedFields name; the object does not count as read from a file.
/// </summary>
internal sealed class LiveObjectJudge(PolicyEngine engine)
{
    public sealed record Judged(CheckedObject Object, IReadOnlyList<ReportFinding> Findings, LiveObject Live, string? Error);

    public Judged Judge(JsonObject obj, GroupVersionKind gvk, ManifestSource source, int position)
    {
        var meta = obj["metadata"] as JsonObject;
        var ns = Text(meta, "namespace");
        var name = Text(meta, "name");
        var fieldManager = LiveApplier.FieldManager(obj);
        var judged = Judgement.OfCreate(engine, obj, gvk, ns, name, fieldManager, Origin.Cluster);
        var error = judged.PatchError is { } patchError ? $"the mutation cannot be applied: {patchError}" : null;
        // An object the engine could not read is no verdict: an error of the run, as for check.
        if (judged.Unreadable is { } unreadable)
        {
            error ??= $"cannot be read as {gvk}: {unreadable.Describe("the object")}";
        }

        var checkedObject = new CheckedObject(ObjectLocation.Live(source, position), gvk.ApiVersion, gvk.Kind, ns, name, judged.Results, judged.Decision);
        var findings = judged.Results.SelectMany(r => FindingMapper.Map(checkedObject, r)).ToArray();
        var live = new LiveObject(Text(meta, "uid") ?? string.Empty, fieldManager, judged.Applier);
        return new Judged(checkedObject, findings, live, error);
    }

    private static string? Text(JsonObject? obj, string field) =>
        obj?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

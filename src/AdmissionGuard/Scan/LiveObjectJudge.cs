using System.Buffers;
using AdmissionGuard.Core.Patching;

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
        string? error = null;

        using var request = Request(obj, gvk, ns, name, fieldManager);
        var mutation = engine.Evaluate(request, PolicyType.Mutating);
        var mutated = false;
        if (mutation.Patch.Count > 0)
        {
            try
            {
                JsonPatchApplier.Apply(obj, mutation.Patch);
                mutated = true;
            }
            catch (JsonPatchException e)
            {
                error = $"the mutation cannot be applied: {e.Message}";
            }
        }

        using var validating = mutated ? Request(obj, gvk, ns, name, fieldManager) : null;
        var validation = engine.Evaluate(validating ?? request, PolicyType.Validating);
        // An object the engine could not read is no verdict: an error of the run, as for check.
        if ((mutation.Unreadable ?? validation.Unreadable) is { } unreadable)
        {
            error ??= $"cannot be read as {gvk}: {unreadable.Describe("the object")}";
        }

        var results = mutation.Results.Concat(validation.Results).ToArray();
        var checkedObject = new CheckedObject(source, position, 0, null, gvk.ApiVersion, gvk.Kind, ns, name, null, results, source.Name, 0);
        var findings = results.SelectMany(r => FindingMapper.Map(checkedObject, r)).ToArray();
        var manager = validation.Evaluated ? validation.Manager : mutation.Manager;
        var live = new LiveObject(Text(meta, "uid") ?? string.Empty, fieldManager, manager);
        return new Judged(checkedObject, findings, live, error);
    }

    private static AdmissionRequest Request(JsonObject obj, GroupVersionKind gvk, string? ns, string? name, string fieldManager) => new()
    {
        Operation = Operation.Create,
        Kind = gvk,
        Namespace = ns ?? string.Empty,
        Name = name ?? string.Empty,
        FieldManager = fieldManager,
        ObjectJson = Serialize(obj),
    };

    private static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? Text(JsonObject? obj, string field) =>
        obj?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

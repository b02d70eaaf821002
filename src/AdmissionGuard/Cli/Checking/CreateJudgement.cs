using System.Buffers;
using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Cli.Checking;

/// <summary>
/// One object judged the way the API server admits a CREATE of it: the mutating policies, their
/// patch applied to the object in place, then the validating policies on the mutated object.
/// <c>check</c>, <c>post-render</c> and <c>scan</c> all judge an object through <see cref="Of"/>.
/// </summary>
/// <param name="Results">The mutating policies' results, then the validating ones'.</param>
/// <param name="Mutated">True when the patch was applied: the object changed in place.</param>
/// <param name="PatchError">Why the patch could not be applied; the validating policies then saw the object as it was.</param>
/// <param name="Unreadable">What either webhook could not read of the object; null when both read it.</param>
/// <param name="Applier">The applier the engine detected: the validating pass's when it evaluated, else the mutating one's.</param>
internal sealed record CreateJudgement(PolicyResult[] Results, bool Mutated, string? PatchError, UnreadableObject? Unreadable, Applier Applier)
{
    /// <param name="engine">The policies to judge by.</param>
    /// <param name="obj">The object; changed in place when a mutation applies.</param>
    /// <param name="kind">The kind its apiVersion and kind name.</param>
    /// <param name="ns">metadata.namespace, if any.</param>
    /// <param name="name">metadata.name, if any.</param>
    /// <param name="fieldManager">The applier the request claims.</param>
    /// <param name="origin">A manifest file (with what the input around it says) or a live object.</param>
    public static CreateJudgement Of(PolicyEngine engine, JsonObject obj, GroupVersionKind kind, string? ns, string? name, string fieldManager, Origin origin)
    {
        AdmissionRequest Request() => new()
        {
            Origin = origin,
            Operation = Operation.Create,
            Kind = kind,
            Namespace = ns ?? string.Empty,
            Name = name ?? string.Empty,
            FieldManager = fieldManager,
            ObjectJson = Serialize(obj),
        };

        using var created = Request();
        var mutation = engine.Evaluate(created, PolicyType.Mutating);
        var mutated = false;
        string? patchError = null;
        if (mutation.Patch.Count > 0)
        {
            try
            {
                JsonPatchApplier.Apply(obj, mutation.Patch);
                mutated = true;
            }
            catch (JsonPatchException e)
            {
                patchError = e.Message;
            }
        }

        using var mutatedRequest = mutated ? Request() : null;
        var validation = engine.Evaluate(mutatedRequest ?? created, PolicyType.Validating);
        return new CreateJudgement(
            [.. mutation.Results, .. validation.Results],
            mutated,
            patchError,
            mutation.Unreadable ?? validation.Unreadable,
            validation.Evaluated ? validation.Applier : mutation.Applier);
    }

    private static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

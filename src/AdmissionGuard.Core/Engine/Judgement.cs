using System.Buffers;
using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Engine;

/// <summary>
/// One object judged the way the API server admits it: the mutating policies, their patch applied
/// to the object, then the validating policies on the mutated object, as the API server sends it
/// to the validating webhook. <c>check</c>, <c>post-render</c> and <c>scan</c> judge every object
/// through it: a file's object or a live one as a CREATE (<see cref="OfCreate"/>), so that
/// <c>allowExistingViolations</c> cannot hide what already violates, and a saved review as it
/// stands (<see cref="Of"/>).
/// </summary>
/// <param name="Results">The mutating policies' results, then the validating ones'.</param>
/// <param name="Mutated">True when the patch was applied: the object changed.</param>
/// <param name="PatchError">Why the patch could not be applied; the validating policies then saw the object as it was.</param>
/// <param name="Unreadable">What either webhook could not read of the object; null when both read it.</param>
/// <param name="Applier">The applier the engine detected: the validating pass's when it evaluated, else the mutating one's.</param>
/// <param name="Decision">The validating webhook's decision on the (mutated) object: what the API server would do with it.</param>
internal sealed record Judgement(PolicyResult[] Results, bool Mutated, string? PatchError, UnreadableObject? Unreadable, Applier Applier, Decision Decision)
{
    /// <summary>Judges a CREATE of <paramref name="obj"/>, which changes in place when a mutation applies.</summary>
    /// <param name="engine">The policies to judge by.</param>
    /// <param name="obj">The object.</param>
    /// <param name="kind">Its apiVersion and kind.</param>
    /// <param name="ns">metadata.namespace, if any.</param>
    /// <param name="name">metadata.name, if any.</param>
    /// <param name="fieldManager">The applier the request claims.</param>
    /// <param name="origin">A manifest file (with what the input around it says) or a live object.</param>
    public static Judgement OfCreate(PolicyEngine engine, JsonObject obj, GroupVersionKind kind, string? ns, string? name, string fieldManager, Origin origin)
    {
        using var created = new AdmissionRequest
        {
            Origin = origin,
            Operation = Operation.Create,
            Kind = kind,
            Namespace = ns ?? string.Empty,
            Name = name ?? string.Empty,
            FieldManager = fieldManager,
            ObjectJson = Serialize(obj),
        };
        return Judge(engine, created, obj);
    }

    /// <summary>Judges <paramref name="request"/> as it stands (a saved review: any operation, its user, its field manager).</summary>
    public static Judgement Of(PolicyEngine engine, AdmissionRequest request) => Judge(engine, request, obj: null);

    /// <param name="obj">The request's object to patch; null to parse it when a patch needs applying.</param>
    private static Judgement Judge(PolicyEngine engine, AdmissionRequest request, JsonObject? obj)
    {
        var mutation = engine.Evaluate(request, PolicyType.Mutating);
        string? patchError = null;
        AdmissionRequest? mutated = null;
        if (mutation.Patch.Count > 0 && (obj ?? JsonNode.Parse(request.ObjectJson.Span)) is JsonObject target)
        {
            try
            {
                JsonPatchApplier.Apply(target, mutation.Patch);
                mutated = request.With(objectJson: Serialize(target));
            }
            catch (JsonPatchException e)
            {
                patchError = e.Message;
            }
        }

        using (mutated)
        {
            var validation = engine.Evaluate(mutated ?? request, PolicyType.Validating);
            return new Judgement(
                [.. mutation.Results, .. validation.Results],
                mutated is not null,
                patchError,
                mutation.Unreadable ?? validation.Unreadable,
                validation.Evaluated ? validation.Applier : mutation.Applier,
                validation.Decision);
        }
    }

    /// <summary>A node as compact UTF-8 JSON, as a request carries its object.</summary>
    internal static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

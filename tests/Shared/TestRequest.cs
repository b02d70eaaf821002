using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;

namespace AdmissionGuard.Testing;

/// <summary>
/// An <see cref="AdmissionRequest"/> as the reader hands it to the engine, built for a test: the one
/// builder every harness uses (the engine's, the policy fixtures', the corpus's, a file's).
/// </summary>
internal static class TestRequest
{
    /// <summary>An object read from a plain manifest file, with nothing known around it (no template, no applier, no other input).</summary>
    public static readonly Origin PlainFile = new Origin.ManifestFile(Template: null, Named: null, ManifestInput.Empty);

    /// <summary>A request for <paramref name="obj"/> (raw JSON; empty for none).</summary>
    public static AdmissionRequest For(
        ReadOnlyMemory<byte> obj,
        GroupVersionKind kind,
        string ns,
        string name,
        Operation operation = Operation.Create,
        ReadOnlyMemory<byte> oldObject = default,
        string uid = "",
        UserInfo? user = null,
        bool dryRun = false,
        string fieldManager = "",
        string subResource = "",
        Origin? origin = null) => new()
    {
        Uid = uid,
        Operation = operation,
        Kind = kind,
        UserInfo = user ?? UserInfo.Anonymous,
        SubResource = subResource,
        Namespace = ns,
        Name = name,
        Origin = origin ?? Origin.Webhook,
        DryRun = dryRun,
        FieldManager = fieldManager,
        ObjectJson = obj,
        OldObjectJson = oldObject,
    };

    /// <summary>A request for <paramref name="obj"/>, its kind and name read from it.</summary>
    public static AdmissionRequest For(
        JsonNode obj,
        string ns,
        Operation operation = Operation.Create,
        JsonNode? oldObject = null,
        string uid = "",
        UserInfo? user = null,
        bool dryRun = false,
        string fieldManager = "",
        Origin? origin = null) =>
        For(
            JsonSerializer.SerializeToUtf8Bytes(obj),
            GroupVersionKind.FromApiVersion((string)obj["apiVersion"]!, (string)obj["kind"]!),
            ns,
            (string?)obj["metadata"]?["name"] ?? string.Empty,
            operation,
            oldObject is null ? default : JsonSerializer.SerializeToUtf8Bytes(oldObject),
            uid,
            user,
            dryRun,
            fieldManager,
            origin: origin);
}

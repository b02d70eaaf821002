using System.Text.Json;
using AdmissionGuard.Core.Admission;

namespace AdmissionGuard.Core.Tests;

/// <summary>A request for an object read from a manifest file, as the CLI builds one: a CREATE, every object declarative.</summary>
internal static class ManifestRequest
{
    public static AdmissionRequest For(JsonElement obj, GroupVersionKind kind, string ns, string name) => new()
    {
        Operation = Operation.Create,
        Kind = kind,
        Namespace = ns,
        Name = name,
        Origin = new Origin.ManifestFile(Template: null, Named: null, ManifestInput.Empty),
        ObjectJson = JsonSerializer.SerializeToUtf8Bytes(obj),
    };
}

using System.Text.Json;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests;

/// <summary>A request for an object read from a manifest file, as the CLI builds one: a CREATE, every object declarative.</summary>
internal static class ManifestRequest
{
    public static AdmissionRequest For(JsonElement obj, GroupVersionKind kind, string ns, string name) =>
        TestRequest.For(JsonSerializer.SerializeToUtf8Bytes(obj), kind, ns, name, origin: TestRequest.PlainFile);
}

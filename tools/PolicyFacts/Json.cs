using System.Text.Encodings.Web;

namespace AdmissionGuard.PolicyFacts;

/// <summary>How values.schema.json is written: two-space indentation, characters escaped only where JSON needs it.</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

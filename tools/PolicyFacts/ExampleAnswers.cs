using System.Text.Encodings.Web;
using System.Text.Json;
using AdmissionGuard.Core.Configuration;

namespace AdmissionGuard.PolicyFacts;

/// <summary>
/// The answers the README and docs/server.md show for the sample reviews of <c>examples/</c>: each
/// review answered by the engine with the default policy files as <c>make generate</c> writes them,
/// through the webhook's own answer path, so a new policy's audit annotation appears without a hand
/// edit. The README shows them as the server writes them (<c>example/NAME</c>), docs/server.md
/// indented (<c>example/NAME</c> too).
/// </summary>
internal static class ExampleAnswers
{
    public const string ServerDoc = "docs/server.md";

    private static readonly (string Name, string File, PolicyType Webhook)[] Examples =
    [
        ("deny", "examples/deployment-without-checksum.json", PolicyType.Validating),
        ("mutate", "examples/pvc-applied-by-helm.json", PolicyType.Mutating),
    ];

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Each example's answer, compact, by region name (<c>example/deny</c>, <c>example/mutate</c>).</summary>
    public static IReadOnlyDictionary<string, string> Compute(string root, IReadOnlyDictionary<string, string> policyFiles)
    {
        var loaded = PolicyLoader.LoadFiles(policyFiles.Select(p => ($"policies/{p.Key}.yaml", p.Value)));
        if (!loaded.Succeeded)
        {
            throw new GenerationException("the default policy files do not load: " + string.Join("; ", loaded.Errors));
        }

        var engine = new PolicyEngine(loaded.Policies!);
        return Examples.ToDictionary(
            e => "example/" + e.Name,
            e => Encoding.UTF8.GetString(ReviewResponder.Respond(engine, File.ReadAllBytes(Path.Combine(root, e.File)), e.Webhook)),
            StringComparer.Ordinal);
    }

    /// <summary>An answer as the server writes it, in a JSON code block.</summary>
    public static string Compact(string answer) => "```json\n" + answer + "\n```\n";

    /// <summary>An answer indented two spaces a level, in a JSON code block.</summary>
    public static string Indent(string answer) =>
        "```json\n" + JsonSerializer.Serialize(JsonDocument.Parse(answer).RootElement, Indented) + "\n```\n";

    /// <summary>docs/server.md with its example answers written.</summary>
    public static string WriteServerDoc(string current, IReadOnlyDictionary<string, string> answers) =>
        Regions.Fill(current, ServerDoc, name => answers.TryGetValue(name, out var a) ? Indent(a) : null, answers.Keys);
}

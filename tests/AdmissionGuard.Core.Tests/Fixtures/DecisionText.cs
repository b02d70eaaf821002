using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Tests.Fixtures;

/// <summary>Everything a decision can show anyone, as text: to search for leaked secret values.</summary>
internal static class DecisionText
{
    public static string All(AdmissionDecision decision)
    {
        var answer = AdmissionAnswer.For(decision);
        var sb = new StringBuilder();
        sb.AppendLine(answer.Message);
        foreach (var w in answer.Warnings)
        {
            sb.AppendLine(w);
        }

        foreach (var (k, v) in answer.AuditAnnotations)
        {
            sb.Append(k).Append('=').AppendLine(v);
        }

        foreach (var r in decision.Results)
        {
            sb.AppendLine(r.Reason);
            foreach (var f in r.Verdicts.Select(v => v.Finding))
            {
                sb.AppendLine(f.Message).AppendLine(f.Summary).AppendLine(f.Path).AppendLine(f.Fix);
            }
        }

        sb.AppendLine(Encoding.UTF8.GetString(JsonPatchWriter.ToJson(decision.Patch)));
        return sb.ToString();
    }

    /// <summary>The values of a Secret's data (decoded) and stringData, for leak checks.</summary>
    public static IEnumerable<string> SecretValues(JsonObject obj)
    {
        if ((string?)obj["kind"] != "Secret")
        {
            yield break;
        }

        if (obj["data"] is JsonObject data)
        {
            foreach (var (_, v) in data)
            {
                if (v is JsonValue value && value.TryGetValue<string>(out var b64) && b64.Length > 0)
                {
                    yield return b64;
                    string decoded;
                    try
                    {
                        decoded = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
                    }
                    catch (FormatException)
                    {
                        continue;
                    }

                    yield return decoded;
                }
            }
        }

        if (obj["stringData"] is JsonObject stringData)
        {
            foreach (var (_, v) in stringData)
            {
                if (v is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0)
                {
                    yield return s;
                }
            }
        }
    }

    /// <summary>Asserts a value appears nowhere in the text, neither raw nor base64-encoded.</summary>
    public static void AssertAbsent(string text, string secret, string context)
    {
        // Very short values ("1", "ok") occur in ordinary words; a leak test on them proves nothing.
        if (secret.Length < 6)
        {
            return;
        }

        Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{context}: secret value leaked");
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        Assert.False(text.Contains(b64, StringComparison.Ordinal), $"{context}: base64 of a secret value leaked");
    }
}

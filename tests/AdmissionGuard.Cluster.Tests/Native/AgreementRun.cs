using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdmissionGuard.Core.Compile;

namespace AdmissionGuard.Cluster.Tests.Native;

/// <summary>What one side did with one object: the policies that denied it, or the object it would store.</summary>
public sealed record SideAnswer(bool Admitted, bool Rejected, bool CelError, IReadOnlySet<string> DeniedBy, IReadOnlyDictionary<string, string> KeepMarks, string Message);

/// <summary>Per compiled rule: agreed, differs (the native policy denied what the webhook allowed, or marked otherwise), webhook-only.</summary>
public sealed class RuleTally
{
    public int Agreed { get; set; }

    public int Differs { get; set; }

    public int WebhookOnly { get; set; }

    /// <summary>Objects the API server refused before the policies judged them (invalid for their schema).</summary>
    public int NotAdmissible { get; set; }

    public List<string> Differences { get; } = [];

    public List<string> WebhookOnlyCases { get; } = [];
}

/// <summary>
/// Sends every case to the API server twice with <c>dryRun=All</c>, once with only the compiled
/// policies and once with only the webhook, and compares, per compiled rule, the verdicts (and, for
/// keep-stateful, the marks the stored object would carry).
/// </summary>
public static partial class AgreementRun
{
    private static readonly string[] KeepKeys = ["helm.sh/resource-policy", "argocd.argoproj.io/sync-options", "kustomize.toolkit.fluxcd.io/prune"];

    public static async Task<(Dictionary<string, RuleTally> Tallies, int CelErrors, int Largest)> RunAsync(
        KubeApi api, IReadOnlyList<AgreementCase> cases, string webhookUrl, string caPem)
    {
        foreach (var ns in cases.Select(c => (string?)c.Object["metadata"]!["namespace"]).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await api.EnsureNamespaceAsync(ns);
        }

        var compilation = NativeSide.Compile(failClosed: true);
        var objects = NativeSide.Objects(compilation);
        await NativeSide.InstallAsync(api, objects);
        var native = new List<SideAnswer>(cases.Count);
        foreach (var c in cases)
        {
            native.Add(Read(await api.CreateAsync(c.Object, dryRun: true, c.FieldManager)));
        }

        await NativeSide.RemoveAsync(api, objects);
        var registrations = await NativeSide.RegisterWebhookAsync(api, webhookUrl, caPem);
        await NativeSide.UntilAsync(api, probeDenied: true, all: true);
        var webhook = new List<SideAnswer>(cases.Count);
        foreach (var c in cases)
        {
            webhook.Add(Read(await api.CreateAsync(c.Object, dryRun: true, c.FieldManager)));
        }

        foreach (var registration in registrations)
        {
            await api.DeleteAsync(registration);
        }

        var tallies = compilation.Rules.ToDictionary(r => r.PolicyId, _ => new RuleTally(), StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            foreach (var rule in compilation.Rules.Where(r => r.Kinds.Any(k => k.Kind == cases[i].Kind)))
            {
                Compare(rule, cases[i], native[i], webhook[i], tallies[rule.PolicyId]);
            }
        }

        return (tallies, native.Count(a => a.CelError), cases.Max(c => c.Object.ToJsonString().Length));
    }

    private static void Compare(NativeRule rule, AgreementCase c, SideAnswer native, SideAnswer webhook, RuleTally tally)
    {
        if (native.Rejected || webhook.Rejected)
        {
            tally.NotAdmissible++;
            if (native.Rejected != webhook.Rejected)
            {
                tally.Differs++;
                tally.Differences.Add($"{c.Source} ({c.FieldManager}): native {native.Message} | webhook {webhook.Message}");
            }

            return;
        }

        if (rule.ApplyConfiguration is not null)
        {
            var same = KeepKeys.All(k => native.KeepMarks.GetValueOrDefault(k) == webhook.KeepMarks.GetValueOrDefault(k));
            if (same)
            {
                tally.Agreed++;
            }
            else
            {
                tally.Differs++;
                tally.Differences.Add($"{c.Source} ({c.FieldManager}): native {Marks(native)} | webhook {Marks(webhook)}");
            }

            return;
        }

        var n = native.DeniedBy.Contains(rule.PolicyId);
        var w = webhook.DeniedBy.Contains(rule.PolicyId);
        if (n == w)
        {
            tally.Agreed++;
        }
        else if (w)
        {
            tally.WebhookOnly++;
            tally.WebhookOnlyCases.Add(c.Source);
        }
        else
        {
            tally.Differs++;
            tally.Differences.Add($"{c.Source} ({c.FieldManager}): native denied: {native.Message}");
        }
    }

    private static string Marks(SideAnswer answer) => string.Join(", ", answer.KeepMarks.Select(p => $"{p.Key}={p.Value}"));

    private static SideAnswer Read(ApiAnswer answer)
    {
        var denied = PolicyIds().Matches(answer.Message).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var celError = NativeSide.IsCelError(answer);
        var marks = new Dictionary<string, string>(StringComparer.Ordinal);
        if (answer.Object?["metadata"]?["annotations"] is JsonObject annotations)
        {
            foreach (var key in KeepKeys)
            {
                if ((string?)annotations[key] is { } value)
                {
                    marks[key] = value;
                }
            }
        }

        var rejected = !answer.Created && denied.Count == 0 && !celError;
        return new SideAnswer(answer.Created, rejected, celError, denied, marks, answer.Message);
    }

    /// <summary>A markdown table of the tallies.</summary>
    public static string Table(Dictionary<string, RuleTally> tallies, int cases)
    {
        var sb = new StringBuilder($"| rule ({cases} objects) | agreed | differs | webhook-only | not admissible |\n|---|---:|---:|---:|---:|\n");
        foreach (var (id, t) in tallies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append($"| {id} | {t.Agreed} | {t.Differs} | {t.WebhookOnly} | {t.NotAdmissible} |\n");
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"\[([a-z][a-z0-9-]+)\]")]
    private static partial Regex PolicyIds();
}

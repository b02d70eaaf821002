using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Tests.Fixtures;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Policies.NoPlaintextSecrets;

/// <summary>
/// The real charts of ../shared/corpus, read as the CLI reads them: near misses pass, the one
/// literal credential in an env var is caught, and every Secret with a value is named: denied when
/// a value holds a credential, warned when none does (docs/no-plaintext-secrets.md, "Secrets from Git").
/// </summary>
public sealed class CorpusTests
{
    private static readonly Lazy<List<(string File, JsonObject Object, AdmissionDecision Decision)>> Verdicts = new(Evaluate);

    private static List<(string File, JsonObject Object, AdmissionDecision Decision)> Evaluate()
    {
        var engine = PolicyHarness.Engine();
        var verdicts = new List<(string, JsonObject, AdmissionDecision)>();
        foreach (var file in Directory.GetFiles(Repository.Corpus, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var (obj, request) in PolicyHarness.FromManifest(File.ReadAllText(file), file))
            {
                var decision = engine.Evaluate(request, PolicyType.Validating);
                if (decision.Evaluated)
                {
                    verdicts.Add((Path.GetFileName(file), obj, decision));
                }
            }
        }

        return verdicts;
    }

    /// <summary>Secrets with a credential in a value (docs/corpus-report.md); the rest of those with values hold none and warn.</summary>
    private const int DeniedSecrets = 38;

    private const int WarnedSecrets = 11;

    private static IEnumerable<string> FindingsOf(string kind, FindingSeverity severity) =>
        from v in Verdicts.Value
        where (string?)v.Object["kind"] == kind
        from f in v.Decision.Results.Single().Verdicts.Select(x => x.Finding)
        where f.Severity == severity
        select $"{v.File} {v.Object["metadata"]!["name"]} {f.Path}";

    [Fact]
    public void The_only_literal_credential_in_an_env_var_is_sentrys_admin_password()
    {
        var workloadKinds = new[] { "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod" };
        var found = workloadKinds.SelectMany(k => FindingsOf(k, FindingSeverity.Violation).Concat(FindingsOf(k, FindingSeverity.Advice))).ToList();

        var finding = Assert.Single(found);
        Assert.Equal("sentry-kubernetes-sentry.yaml sentry-user-create spec.template.spec.containers[0].env[8].value", finding);
    }

    [Fact]
    public void No_configmap_in_the_corpus_holds_a_key_or_token()
    {
        Assert.Empty(FindingsOf("ConfigMap", FindingSeverity.Violation));
    }

    /// <summary>JupyterHub's <c>image-pull-secret: image-pull-secret</c> and <c>hub-existing-secret-or-default: hub</c> name Secrets and settings: no warning.</summary>
    [Fact]
    public void No_credential_named_configmap_key_warns_since_jupyterhubs_name_secrets()
    {
        Assert.Empty(FindingsOf("ConfigMap", FindingSeverity.Advice));
    }

    [Fact]
    public void Every_secret_with_a_non_empty_value_is_named_and_no_other()
    {
        var secrets = Verdicts.Value.Where(v => (string?)v.Object["kind"] == "Secret").ToList();
        Assert.NotEmpty(secrets);
        foreach (var (file, obj, decision) in secrets)
        {
            var hasValue = new[] { "data", "stringData" }
                .Select(field => obj[field] as JsonObject)
                .Where(map => map is not null)
                .SelectMany(map => map!)
                .Any(entry => entry.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0);
            var named = decision.Results.Single().Verdicts.Count > 0;
            Assert.True(hasValue == named, $"{file} Secret {obj["metadata"]!["name"]}: hasValue={hasValue}, findings={named}");
            // Some charts default a credential to their namespace ("airflow", "default"): a value that is also a
            // name the message must show cannot be told apart from a leak, so it is not searched for.
            var names = $"{obj["metadata"]!["namespace"] ?? "default"} {obj["metadata"]!["name"]} "
                + string.Join(' ', new[] { "data", "stringData" }.SelectMany(f => (obj[f] as JsonObject)?.Select(e => e.Key) ?? []));
            foreach (var secret in DecisionText.SecretValues(obj).Where(v => !names.Contains(v, StringComparison.Ordinal)))
            {
                DecisionText.AssertAbsent(DecisionText.All(decision), secret, $"{file} {obj["metadata"]!["name"]}");
            }
        }

        Assert.Equal((DeniedSecrets, WarnedSecrets), (secrets.Count(s => !s.Decision.Allowed), secrets.Count(s => s.Decision.Allowed && s.Decision.Results.Single().Verdicts.Count > 0)));
    }
}

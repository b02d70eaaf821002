using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>
/// The chart as a real <c>helm template</c> renders it, every document parsed with the same
/// reader the CLI uses. Renders are cached per Helm version and value set: each test class reads
/// the same output, and helm runs once per combination.
/// </summary>
internal sealed class RenderedChart
{
    private static readonly ConcurrentDictionary<(HelmVersion, string), Lazy<RenderedChart>> Cache = new();

    private RenderedChart(ValueSet values, HelmVersion version, string text, IReadOnlyList<JsonObject> documents)
    {
        Values = values;
        Version = version;
        Text = text;
        Documents = documents;
    }

    public ValueSet Values { get; }

    public HelmVersion Version { get; }

    public string Text { get; }

    public IReadOnlyList<JsonObject> Documents { get; }

    public static RenderedChart Of(ValueSet values, HelmVersion version = HelmVersion.Helm3) =>
        Cache.GetOrAdd((version, string.Join('\0', values.Arguments)), _ => new Lazy<RenderedChart>(() => Render(values, version))).Value;

    public static RenderedChart Of(string valueSetName, HelmVersion version = HelmVersion.Helm3) => Of(ValueSet.Named(valueSetName), version);

    public IEnumerable<JsonObject> OfKind(string kind) => Documents.Where(d => d["kind"]?.GetValue<string>() == kind);

    public JsonObject Single(string kind) =>
        OfKind(kind).SingleOrDefault() ?? throw new Xunit.Sdk.XunitException($"{Values}: expected exactly one {kind}, found {OfKind(kind).Count()}");

    public JsonObject Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(d => d.Str("metadata.name") == name)
        ?? throw new Xunit.Sdk.XunitException($"{Values}: no {kind} named {name}; have {string.Join(", ", OfKind(kind).Select(d => d.Str("metadata.name")))}");

    /// <summary>The webhook entries of the Validating- or MutatingWebhookConfiguration; empty when none is rendered.</summary>
    public IReadOnlyList<JsonObject> Webhooks(string configurationKind) =>
        [.. OfKind(configurationKind).SelectMany(c => c.Arr("webhooks").OfType<JsonObject>())];

    public JsonObject Webhook(string configurationKind, string name) =>
        Webhooks(configurationKind).SingleOrDefault(w => w.Str("name") == name)
        ?? throw new Xunit.Sdk.XunitException($"{Values}: no webhook {name} in {configurationKind}; have {string.Join(", ", Webhooks(configurationKind).Select(w => w.Str("name")))}");

    public JsonObject Deployment => Single("Deployment");

    public JsonObject Container => Deployment.Arr("spec.template.spec.containers").Named("admission-guard");

    public JsonObject PolicyConfigMap => Single("ConfigMap", Helm.FullName + "-policies");

    private static RenderedChart Render(ValueSet values, HelmVersion version)
    {
        var result = Helm.Template(version, values.Arguments);
        if (!result.Succeeded)
        {
            throw new Xunit.Sdk.XunitException($"helm template ({version}, {values}) failed: {result}");
        }

        var documents = new List<JsonObject>();
        foreach (var document in ManifestReader.Read(result.Stdout, $"helm-template-{values}.yaml"))
        {
            if (document.IsError)
            {
                throw new Xunit.Sdk.XunitException($"{values}: rendered YAML does not parse: {document.Error}");
            }

            if (document.Content is JsonObject obj)
            {
                documents.Add(obj);
            }
            else if (document.Content is not null)
            {
                throw new Xunit.Sdk.XunitException($"{values}: document {document.Index} (line {document.Line}) is not a mapping");
            }
        }

        return new RenderedChart(values, version, result.Stdout, documents);
    }
}

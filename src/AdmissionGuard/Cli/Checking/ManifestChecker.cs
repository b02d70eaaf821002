using AdmissionGuard.Cli.Input;
using AdmissionGuard.Cli.Output;

namespace AdmissionGuard.Cli.Checking;

/// <summary>
/// Judges every object of the sources as a CREATE, the way the API server would: the mutating
/// policies first, their patch applied, then the validating policies on the mutated object.
/// List kinds are judged item by item; documents that are not objects are skipped; a syntax error
/// ends its file (the reader stops there) but not the run. One instance per run: it collects.
/// </summary>
/// <param name="fieldManager">The applier to claim: <c>helm</c> for post-render, empty for files
/// (every object in a file counts as applied declaratively, its labels saying more where they can).</param>
/// <param name="applier">The tool named by <c>--applier</c>; null to read each object's marks.</param>
internal sealed class ManifestChecker(PolicyEngine engine, string fieldManager, Applier? applier = null)
{
    private readonly List<CheckedObject> objects = [];
    private readonly List<ReportFinding> findings = [];
    private readonly List<SkippedDocument> skipped = [];
    private readonly List<InputError> errors = [];
    private readonly List<CheckedDocument> documents = [];

    public CheckReport Check(IReadOnlyList<ManifestSource> sources, IReadOnlyList<SkippedPath> skippedPaths, IReadOnlyList<InputError> readErrors)
    {
        errors.AddRange(readErrors);

        // Read everything first: a workload is judged knowing the ConfigMaps of the whole input.
        var read = sources.Select(source => (Source: source, Documents: InputDocuments.Read(source))).ToArray();
        var input = InputDocuments.Index(read.SelectMany(r => r.Documents));
        foreach (var (source, sourceDocuments) in read)
        {
            CheckSource(source, sourceDocuments, input);
        }

        return new CheckReport(sources, objects, findings, skipped, errors, documents, engine.Policies, skippedPaths);
    }

    private void CheckSource(ManifestSource source, IReadOnlyList<InputDocument> sourceDocuments, ManifestInput input)
    {
        foreach (var (doc, template) in sourceDocuments)
        {
            if (doc.IsError)
            {
                errors.Add(new InputError(source.Name, doc.Line, doc.Error!));
                continue;
            }

            if (doc.Content is null)
            {
                // An empty document (a template that rendered nothing): nothing to judge or write.
                continue;
            }

            var number = doc.Index + 1;
            var changed = false;
            var isObject = false;
            switch (doc.Content)
            {
                case JsonObject obj when KindOf(obj) is (var apiVersion, var kind) && NonObjectFiles.ReasonFor(apiVersion, kind) is { } toolConfig:
                    skipped.Add(new SkippedDocument(source, number, doc.Line, toolConfig));
                    break;
                case JsonObject obj when KindOf(obj) is (var apiVersion, var kind) && ReviewJudgement.IsReview(apiVersion, kind):
                    // Judged as the webhook judges it; not a manifest, so --fix never writes it.
                    CheckReview(source, number, doc.Line, obj);
                    break;
                case JsonObject obj when KindOf(obj) is (var apiVersion, var kind):
                    isObject = true;
                    var origin = new Origin.ManifestFile(template, ApplierOf(source), input);
                    if (ListItems(obj, kind) is { } items)
                    {
                        for (var i = 0; i < items.Count; i++)
                        {
                            if (items[i] is JsonObject item && KindOf(item) is (var itemApiVersion, var itemKind))
                            {
                                changed |= CheckObject(source, number, doc.Line, $"items[{i}]", item, itemApiVersion, itemKind, origin);
                            }
                            else
                            {
                                skipped.Add(new SkippedDocument(source, number, doc.Line, $"items[{i}] of the {kind} is not a Kubernetes object (no apiVersion and kind)"));
                            }
                        }
                    }
                    else
                    {
                        changed = CheckObject(source, number, doc.Line, null, obj, apiVersion, kind, origin);
                    }

                    break;
                case JsonObject:
                    skipped.Add(new SkippedDocument(source, number, doc.Line, "a mapping without apiVersion and kind, not a Kubernetes object"));
                    break;
                case JsonArray:
                    skipped.Add(new SkippedDocument(source, number, doc.Line, "a sequence, not a Kubernetes object"));
                    break;
                default:
                    skipped.Add(new SkippedDocument(source, number, doc.Line, "a scalar, not a Kubernetes object"));
                    break;
            }

            documents.Add(new CheckedDocument(source, number, doc.Content, changed, isObject));
        }
    }

    private void CheckReview(ManifestSource source, int document, int line, JsonObject review)
    {
        var (file, fileLine) = Location(source, line, null);
        ReviewJudgement judged;
        try
        {
            judged = ReviewJudgement.Of(engine, review);
        }
        catch (AdmissionReviewException e)
        {
            errors.Add(new InputError(file, fileLine, $"AdmissionReview: the webhook could not read it either: {e.Message}"));
            return;
        }

        var (kind, ns, name) = (judged.Kind.Kind, judged.Namespace, judged.Name);
        if (judged.Judgement.PatchError is { } patchError)
        {
            errors.Add(new InputError(file, fileLine, $"AdmissionReview of {Describe(kind, ns, name)}: the mutation cannot be applied: {patchError}"));
        }

        if (judged.Judgement.Unreadable is { } unreadable)
        {
            errors.Add(new InputError(file, fileLine, $"AdmissionReview of {Describe(kind, ns, name)}: cannot be read as {judged.Kind}: {unreadable.Describe("the object")}"));
        }

        var location = new ObjectLocation(source, document, line, ItemPath: "request.object", Template: null, file, fileLine);
        var checkedObject = new CheckedObject(location, judged.Kind.ApiVersion, kind, ns, name, judged.Judgement.Results, judged.Judgement.Decision);
        objects.Add(checkedObject);
        foreach (var result in judged.Judgement.Results)
        {
            findings.AddRange(FindingMapper.Map(checkedObject, result));
        }
    }

    /// <summary><c>--applier</c> when named; else what the repository tree says of the source's folder; else each object's own marks.</summary>
    private Applier? ApplierOf(ManifestSource source) => applier ?? source.Applier?.Applier;

    /// <summary>Judges one object; returns true when a mutation changed it (in place).</summary>
    private bool CheckObject(ManifestSource source, int document, int line, string? itemPath, JsonObject obj, string apiVersion, string kind, Origin.ManifestFile origin)
    {
        var gvk = GroupVersionKind.FromApiVersion(apiVersion, kind);
        var ns = MetadataString(obj, "namespace");
        var name = MetadataString(obj, "name");

        // The API server names an object with only generateName itself; reports show its prefix.
        var shownName = string.IsNullOrEmpty(name) && MetadataString(obj, "generateName") is { Length: > 0 } prefix ? prefix + "*" : name;
        var (file, fileLine) = Location(source, line, origin.Template);
        var judged = Judgement.OfCreate(engine, obj, gvk, ns, name, fieldManager, origin);
        if (judged.PatchError is { } patchError)
        {
            errors.Add(new InputError(file, fileLine, $"{Describe(kind, ns, shownName)}: the mutation cannot be applied: {patchError}"));
        }

        // Both webhooks read the object; what one could not read is reported once, as an input
        // error (exit 2): a manifest that the API server would refuse to decode is no verdict.
        if (judged.Unreadable is { } unreadable)
        {
            errors.Add(new InputError(file, fileLine, $"{Describe(kind, ns, shownName)}: cannot be read as {gvk}: {unreadable.Describe("the object")}"));
        }

        var location = new ObjectLocation(source, document, line, itemPath, origin.Template, file, fileLine);
        var checkedObject = new CheckedObject(location, apiVersion, kind, ns, shownName, judged.Results, judged.Decision);
        objects.Add(checkedObject);
        foreach (var result in judged.Results)
        {
            findings.AddRange(FindingMapper.Map(checkedObject, result));
        }

        return judged.Mutated;
    }

    internal static (string ApiVersion, string Kind)? KindOf(JsonObject obj) =>
        obj["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var apiVersion) && apiVersion.Length > 0
        && obj["kind"] is JsonValue k && k.TryGetValue<string>(out var kind) && kind.Length > 0
            ? (apiVersion, kind)
            : null;

    /// <summary><c>v1 List</c> and the typed lists (<c>ConfigMapList</c>...) carry their objects in <c>items</c>.</summary>
    internal static JsonArray? ListItems(JsonObject obj, string kind) =>
        kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items ? items : null;

    internal static string? MetadataString(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject meta && meta[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// The file to edit and its line: the file itself; for a chart's render the template that
    /// <c># Source:</c> names (line 0: the rendered lines are not the template's), for a
    /// kustomization its kustomization file.
    /// </summary>
    private static (string File, int Line) Location(ManifestSource source, int line, string? template) =>
        source.Rendered is { } rendered ? (rendered.FileOf(template), 0) : (source.Name, line);

    private static string Describe(string kind, string? ns, string? name) =>
        string.IsNullOrEmpty(ns) ? $"{kind} {name}" : $"{kind} {ns}/{name}";
}

using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// <c>helmValues</c>: Helm values committed to Git inside a Flux <c>HelmRelease</c>
/// (<c>spec.values</c>) or an Argo CD <c>Application</c> / <c>ApplicationSet</c> (each source's
/// <c>helm.valuesObject</c>, its <c>helm.values</c> string read as YAML, and its
/// <c>helm.parameters[]</c>), judged as env literals are: a credential-named key with a literal
/// value that could be a credential. These kinds are rare beside pods and Secrets, so the values
/// are read as strings; the message names the key's path, never its value.
/// </summary>
internal sealed class HelmValuesCheck(ValueTreeScanner scanner)
{
    public const string FluxHelmGroup = "helm.toolkit.fluxcd.io";
    public const string ArgoGroup = "argoproj.io";

    private const string FluxFix =
        "move the value into a Secret (SOPS-encrypted, a SealedSecret or an ExternalSecret) and read it with spec.valuesFrom "
        + "(kind: Secret, valuesKey, targetPath), or set the chart's existingSecret-style value";

    private const string ArgoFix =
        "keep the value out of the Application: set the chart's existingSecret-style value to a Secret made by a SealedSecret or an ExternalSecret, "
        + "or resolve it with a secret plugin such as argocd-vault-plugin (<path:...#key>)";

    public void Evaluate(PolicyContext context, ref List<Finding>? findings)
    {
        var kind = context.Request.Kind;
        if (!context.Object.TryGet(out var spec, "spec") || spec.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (kind.Group == FluxHelmGroup)
        {
            if (spec.TryGetObject("values"u8, out var values))
            {
                Report(context, "spec.values", Scan(values), "HelmRelease", FluxFix, ref findings);
            }
        }
        else if (kind.Kind == "ApplicationSet")
        {
            if (spec.TryGetObject("template"u8, out var template) && template.TryGetObject("spec"u8, out var appSpec))
            {
                ScanApplication(context, appSpec, "spec.template.spec", ref findings);
            }
        }
        else
        {
            ScanApplication(context, spec, "spec", ref findings);
        }
    }

    private void ScanApplication(PolicyContext context, JsonElement spec, string path, ref List<Finding>? findings)
    {
        if (spec.TryGetObject("source"u8, out var source))
        {
            ScanSource(context, source, $"{path}.source", ref findings);
        }

        if (spec.TryGetArray("sources"u8, out var sources))
        {
            var i = 0;
            foreach (var s in sources.EnumerateArray())
            {
                if (s.ValueKind == JsonValueKind.Object)
                {
                    ScanSource(context, s, $"{path}.sources[{i}]", ref findings);
                }

                i++;
            }
        }
    }

    private void ScanSource(PolicyContext context, JsonElement source, string path, ref List<Finding>? findings)
    {
        if (!source.TryGetObject("helm"u8, out var helm))
        {
            return;
        }

        var what = context.Request.Kind.Kind;
        if (helm.TryGetObject("valuesObject"u8, out var valuesObject))
        {
            Report(context, $"{path}.helm.valuesObject", Scan(valuesObject), what, ArgoFix, ref findings);
        }

        if (helm.TryGetString("values"u8, out var valuesText) && ParseYaml(valuesText.GetString()!) is { } parsed)
        {
            using (parsed)
            {
                Report(context, $"{path}.helm.values", Scan(parsed.RootElement), what, ArgoFix, ref findings);
            }
        }

        if (helm.TryGetArray("parameters"u8, out var parameters))
        {
            var found = new CredentialHits();
            var firstIndex = -1;
            var i = 0;
            foreach (var parameter in parameters.EnumerateArray())
            {
                if (parameter.ValueKind == JsonValueKind.Object
                    && parameter.GetStringField("name"u8) is { Length: > 0 } name
                    && parameter.GetStringField("value"u8) is { Length: > 0 } value
                    && !UnderMetadata(name)
                    && scanner.JudgeLiteral(LastKey(name), value) is { Certainty: not Certainty.None } judgement)
                {
                    found.Add(name, judgement);
                    firstIndex = firstIndex < 0 ? i : firstIndex;
                }

                i++;
            }

            Report(context, $"{path}.helm.parameters", found, what, ArgoFix, ref findings, $"{path}.helm.parameters[{firstIndex}].value");
        }
    }

    private CredentialHits Scan(JsonElement values)
    {
        var found = new CredentialHits();
        scanner.Scan(values, found);
        return found;
    }

    /// <summary>A <c>--set</c> name inside a metadata map (<c>podAnnotations.secret\.reloader\.stakater\.com/reload</c>): a segment before the last is one.</summary>
    private static bool UnderMetadata(string name)
    {
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '.' && (i == 0 || name[i - 1] != '\\'))
            {
                var segment = name.AsSpan(start, i - start);
                var bracket = segment.IndexOf('[');
                if (ValueTreeScanner.IsMetadataMap(bracket < 0 ? segment : segment[..bracket]))
                {
                    return true;
                }

                start = i + 1;
            }
        }

        return false;
    }

    /// <summary>
    /// The <c>helm.values</c> string as Argo CD passes it to Helm: one YAML document. Text that is
    /// not YAML (an ApplicationSet template whose placeholders are filled in later) is not judged.
    /// </summary>
    private static JsonDocument? ParseYaml(string text)
    {
        var documents = ManifestReader.Read(text, "helm.values");
        return documents.Count == 1 && documents[0].Content is JsonObject root
            ? JsonDocument.Parse(root.ToJsonString())
            : null;
    }

    /// <summary>The last key of a <c>--set</c> name: <c>auth.postgresPassword</c> -> <c>postgresPassword</c>; <c>a\.b</c> escapes a dot; <c>[0]</c> indexes.</summary>
    private static string LastKey(string name)
    {
        var end = name.Length;
        while (end > 0 && name[end - 1] == ']' && name.LastIndexOf('[', end - 1) is var open and >= 0)
        {
            end = open;
        }

        var start = end;
        while (start > 0 && !(name[start - 1] == '.' && (start < 2 || name[start - 2] != '\\')))
        {
            start--;
        }

        return name[start..end].Replace("\\.", ".");
    }

    /// <summary>
    /// One finding per values field for the certain credentials, naming every key, and one warning
    /// for the doubtful ones, saying what is uncertain; the path is the key's own when there is one.
    /// </summary>
    private static void Report(PolicyContext context, string path, CredentialHits hits, string kind, string fix, ref List<Finding>? findings, string? singlePath = null)
    {
        var where = kind == "HelmRelease" ? "a HelmRelease's values are stored in plaintext in Git and in the cluster" : $"an {kind}'s Helm values are stored in plaintext in Git and in the cluster";
        if (hits.Certain is { } keys)
        {
            FindingBuilder.Add(
                ref findings,
                FindingSeverity.Violation,
                $"Helm values at {path} hold literal values that could be credentials (keys {FindingBuilder.NameList(keys, FindingBuilder.MessageNames)}){FindingBuilder.Formats(hits.Formats)}; {where}",
                $"{context.ObjectRef}: literal credentials in Helm values ({FindingBuilder.NameList(keys, FindingBuilder.SummaryNames)}); use a Secret",
                keys.Count == 1 ? singlePath ?? $"{path}.{keys[0]}" : path,
                fix);
        }

        if (hits.Doubtful is { } doubtful)
        {
            FindingBuilder.AddDoubtful(
                ref findings,
                $"Helm values at {path} hold literal values under credential-named keys (keys {FindingBuilder.NameList(doubtful, FindingBuilder.MessageNames)}) that may be credentials; not certain: {hits.Doubt}. If they are credentials, {where}",
                $"{context.ObjectRef}: Helm values {FindingBuilder.NameList(doubtful, FindingBuilder.SummaryNames)} may be credentials; check them",
                doubtful.Count == 1 ? $"{path}.{doubtful[0]}" : path,
                fix,
                hits.Doubt!);
        }
    }
}

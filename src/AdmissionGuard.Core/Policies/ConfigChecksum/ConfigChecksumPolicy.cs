using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>
/// <c>config-checksum</c> (DESIGN 2.1): a workload whose pod template reads a ConfigMap carries a
/// <c>checksum/...</c> pod-template annotation with a hex digest, so that a config change rolls the
/// pods; Stakater Reloader's and Wave's annotations do the same job and count too.
/// </summary>
public sealed class ConfigChecksumPolicy : IPolicy
{
    public const string PolicyId = "config-checksum";

    /// <summary>Lists in messages stop here; a denial listing every violated policy must stay under 4 KB.</summary>
    private const int MaxListed = 8;

    /// <summary>Places listed per ConfigMap; a chart may read one ConfigMap in dozens of env entries.</summary>
    private const int MaxLocations = 3;

    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    private readonly FrozenSet<string> ignoredConfigMaps;
    private readonly byte[] prefixUtf8;

    public ConfigChecksumPolicy(ConfigChecksumParameters parameters)
    {
        Parameters = parameters;
        ignoredConfigMaps = parameters.IgnoreConfigMaps.ToFrozenSet(StringComparer.Ordinal);
        prefixUtf8 = Encoding.UTF8.GetBytes(parameters.AnnotationPrefix);
    }

    public string Id => PolicyId;

    public PolicyType Type => PolicyType.Validating;

    public ConfigChecksumParameters Parameters { get; }

    public PolicyOutcome Evaluate(PolicyContext context)
    {
        var obj = context.Object;
        if (!obj.TryGetPodTemplateJson(out var templateMetadata, out var spec))
        {
            return PolicyOutcome.Pass;
        }

        // The common case first, on the JSON without building a dictionary: a valid digest
        // satisfies the rule whatever the template reads, so the references are only collected
        // when something may be missing.
        var annotationsJson = default(JsonElement);
        var hasAnnotations = templateMetadata.ValueKind == JsonValueKind.Object && templateMetadata.TryGetObject("annotations"u8, out annotationsJson);
        List<string>? badChecksums = null;
        if (hasAnnotations)
        {
            foreach (var annotation in annotationsJson.EnumerateObject())
            {
                if (!HasPrefix(annotation))
                {
                    continue;
                }

                if (IsHexDigest(annotation.Value))
                {
                    return PolicyOutcome.Pass;
                }

                (badChecksums ??= []).Add(annotation.Name);
            }
        }

        var templateAnnotations = hasAnnotations ? annotationsJson.ToStringMap() : null;
        var references = ConfigReferenceCollector.Collect(spec, ignoredConfigMaps, Parameters.IncludeSecrets);
        if (references is null)
        {
            return PolicyOutcome.Pass;
        }

        var annotationsPath = TemplateAnnotationsPath(obj.PodSpecPath);
        var reloaders = new ConfigReloaders(
            context.Request.Kind,
            obj.Metadata.Annotations,
            templateAnnotations,
            obj.Metadata.NamespaceProperty ?? context.Request.Namespace);

        List<ConfigReference>? uncovered = null;
        foreach (var reference in references)
        {
            if (!Parameters.AcceptReloaders || !reloaders.Covers(reference))
            {
                (uncovered ??= []).Add(reference);
            }
        }

        if (uncovered is null)
        {
            // A reloader rolls the pods; a broken checksum annotation next to it is still worth a word.
            return badChecksums is null
                ? PolicyOutcome.Pass
                : PolicyOutcome.Of([BadChecksumFinding(context, badChecksums, templateAnnotations!, references, annotationsPath, FindingSeverity.Advice)]);
        }

        if (badChecksums is not null)
        {
            return PolicyOutcome.Of([BadChecksumFinding(context, badChecksums, templateAnnotations!, uncovered, annotationsPath, FindingSeverity.Violation)]);
        }

        return PolicyOutcome.Of([MissingChecksumFinding(context, uncovered, references.Count, reloaders, annotationsPath)]);
    }

    /// <summary>Compares the raw UTF-8 name when it has no escapes: no string per annotation.</summary>
    private bool HasPrefix(JsonProperty annotation)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(annotation);
        return raw.Contains((byte)'\\')
            ? annotation.Name.StartsWith(Parameters.AnnotationPrefix, StringComparison.Ordinal)
            : raw.StartsWith(prefixUtf8);
    }

    /// <summary>An annotation value (a string, as the typed model requires) that is a hex digest.</summary>
    private static bool IsHexDigest(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            // Null is an empty value; anything else is not an annotation value at all.
            return value.ValueKind == JsonValueKind.Null ? false : throw UnreadableObjectException.At(value, $"is {value.ValueKind}, not String");
        }

        // Hex digits are never escaped; an escaped value is checked as a string.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw[1..^1];
        if (raw.Contains((byte)'\\'))
        {
            return IsHexDigest(value.GetString());
        }

        return raw.Length is >= 32 and <= 128 && !raw.ContainsAnyExcept(HexDigits);
    }

    /// <summary>What <c>sha256sum</c> and friends print: 32 (md5) to 128 (sha512) hex digits.</summary>
    internal static bool IsHexDigest(string? value)
    {
        if (value is null || value.Length is < 32 or > 128)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private Finding MissingChecksumFinding(PolicyContext context, List<ConfigReference> uncovered, int total, ConfigReloaders reloaders, string annotationsPath)
    {
        var sb = new StringBuilder(256);
        sb.Append("the pod template reads ");
        AppendReferences(sb, uncovered);
        sb.Append(" but ").Append(annotationsPath).Append(" has no ").Append(Parameters.AnnotationPrefix)
            .Append(" annotation with a hex digest, so a change to ")
            .Append(uncovered.Count == 1 ? "it" : "them")
            .Append(" does not roll the pods");

        if (uncovered.Count < total && Parameters.AcceptReloaders)
        {
            sb.Append(" (Reloader or Wave annotations cover the other references, not these)");
        }

        if (Parameters.AcceptReloaders && reloaders.UsesReloaderSearch)
        {
            sb.Append("; reloader.stakater.com/search is not enough here: it relies on reloader.stakater.com/match on the ConfigMaps themselves, which the policy cannot see");
        }

        if (!Parameters.AcceptReloaders)
        {
            sb.Append("; Reloader and Wave annotations are not accepted by this policy (acceptReloaders: false)");
        }

        var first = uncovered[0];
        var summary = $"{context.ObjectRef}: no {Parameters.AnnotationPrefix} pod annotation; reads {first.KindName} {first.Name}"
            + (uncovered.Count > 1 ? $" (+{uncovered.Count - 1} more)" : string.Empty);
        return new Finding(PolicyId, FindingSeverity.Violation, sb.ToString(), summary, annotationsPath, FixFor(uncovered));
    }

    private Finding BadChecksumFinding(
        PolicyContext context,
        List<string> badKeys,
        IDictionary<string, string> annotations,
        List<ConfigReference> references,
        string annotationsPath,
        FindingSeverity severity)
    {
        // Never print the value itself: a mistemplated checksum may hold anything, a credential included.
        var sb = new StringBuilder(256);
        for (var i = 0; i < badKeys.Count; i++)
        {
            var value = annotations[badKeys[i]];
            sb.Append(i == 0 ? "the pod-template annotation " : "; ").Append(badKeys[i]).Append(' ')
                .Append(string.IsNullOrEmpty(value)
                    ? "is empty (the template most likely rendered nothing)"
                    : $"is not a hex digest of 32 to 128 characters ({value.Length} characters)");
        }

        if (severity == FindingSeverity.Violation)
        {
            sb.Append(", so a change to ");
            AppendReferences(sb, references);
            sb.Append(" does not roll the pods");
        }
        else
        {
            sb.Append("; Reloader or Wave rolls the pods, but the annotation is broken");
        }

        var summary = $"{context.ObjectRef}: {badKeys[0]} is not a hex digest"
            + (string.IsNullOrEmpty(annotations[badKeys[0]]) ? " (empty)" : string.Empty);
        return new Finding(PolicyId, severity, sb.ToString(), summary, $"{annotationsPath}[{badKeys[0]}]", FixFor(references));
    }

    private static void AppendReferences(StringBuilder sb, List<ConfigReference> references)
    {
        for (var i = 0; i < references.Count; i++)
        {
            if (i == MaxListed)
            {
                sb.Append(" and ").Append(references.Count - MaxListed).Append(" more");
                return;
            }

            var r = references[i];
            sb.Append(i == 0 ? string.Empty : i == references.Count - 1 ? " and " : ", ")
                .Append(r.KindName).Append(' ').Append(r.Name).Append(" (");
            for (var j = 0; j < r.Locations.Count && j < MaxLocations; j++)
            {
                sb.Append(j == 0 ? string.Empty : "; ").Append(r.Locations[j]);
            }

            if (r.Locations.Count > MaxLocations)
            {
                sb.Append("; ").Append(r.Locations.Count - MaxLocations).Append(" more");
            }

            sb.Append(')');
        }
    }

    /// <summary>The chart line that fixes it, for the ConfigMap template or, when only Secrets are read, the Secret one.</summary>
    private string FixFor(List<ConfigReference> references)
    {
        foreach (var r in references)
        {
            if (r.Kind == ConfigSourceKind.ConfigMap)
            {
                return $"{Parameters.AnnotationPrefix}config: {{{{ include (print $.Template.BasePath \"/configmap.yaml\") . | sha256sum }}}}";
            }
        }

        return $"{Parameters.AnnotationPrefix}secret: {{{{ include (print $.Template.BasePath \"/secret.yaml\") . | sha256sum }}}}";
    }

    /// <summary><c>spec.template.spec</c> -> <c>spec.template.metadata.annotations</c> (CronJob: under <c>spec.jobTemplate.spec</c>).</summary>
    private static string TemplateAnnotationsPath(string podSpecPath) =>
        podSpecPath.EndsWith(".spec", StringComparison.Ordinal)
            ? string.Concat(podSpecPath.AsSpan(0, podSpecPath.Length - ".spec".Length), ".metadata.annotations")
            : "metadata.annotations";
}

using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.InteropServices;

namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>
/// <c>config-checksum</c> (docs/config-checksum.md): a workload whose pod template reads a ConfigMap carries a
/// <c>checksum/...</c> pod-template annotation with a hex digest, so that a config change rolls the
/// pods; Stakater Reloader's and Wave's annotations do the same job and count too, and so does a
/// name that changes with the content (kustomize's hash suffix, an immutable ConfigMap in the
/// CLI's input). An always-roll annotation (<c>rollme</c>) passes with a warning.
/// </summary>
internal sealed class ConfigChecksumPolicy : IPolicy
{
    public const string PolicyId = "config-checksum";

    /// <summary>Lists in messages stop here; a denial listing every violated policy must stay under 4 KB.</summary>
    private const int MaxListed = 8;

    /// <summary>Places listed per ConfigMap; a chart may read one ConfigMap in dozens of env entries.</summary>
    private const int MaxLocations = 3;

    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    /// <summary>Words that say an annotation's value is a digest of something (docs/config-checksum.md): <c>config-checksum</c>, <c>configHash</c>, <c>config-digest</c>.</summary>
    private static readonly string[] DigestWordList = ["checksum", "hash", "digest"];

    private static readonly string[] DigestAlgorithms = ["md5", "sha1", "sha256", "sha512"];

    /// <summary>
    /// The shortest digest counted: charts cut a sha256 to fit a label (<c>trunc 63</c>) or to
    /// keep it short (<c>trunc 8</c>); shorter hex is too likely a number or a word.
    /// </summary>
    internal const int MinDigestLength = 8;

    /// <summary>The longest: a whole sha512 (128 hex digits).</summary>
    internal const int MaxDigestLength = 128;

    /// <summary>A value this long and all hex is a digest even under a key that does not say so: an md5 or longer.</summary>
    private const int UnnamedDigestLength = 32;

    private readonly FrozenSet<string> ignoredConfigMaps;
    private readonly byte[] prefixUtf8;

    public ConfigChecksumPolicy(ConfigChecksumParameters parameters)
    {
        Parameters = parameters;
        ignoredConfigMaps = parameters.IgnoreConfigMaps.ToFrozenSet(StringComparer.Ordinal);
        prefixUtf8 = Encoding.UTF8.GetBytes(parameters.AnnotationPrefix);
    }

    public string Id => PolicyId;

    public PolicyType Type => Descriptor.Type;

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
        List<string>? mayRoll = null;
        if (hasAnnotations)
        {
            foreach (var annotation in annotationsJson.EnumerateObject())
            {
                var prefixed = HasPrefix(annotation);
                var named = prefixed || NamesDigest(annotation) || HasChecksumPrefix(annotation);
                var digest = DigestLength(annotation.Value);
                if (named && digest is >= MinDigestLength and <= MaxDigestLength)
                {
                    return PolicyOutcome.Pass;
                }

                if (prefixed)
                {
                    (badChecksums ??= []).Add(annotation.Name);
                }
                else if ((named && !IsEmpty(annotation.Value)) || digest is >= UnnamedDigestLength and <= MaxDigestLength)
                {
                    // Named like a digest with another kind of value, or a digest under a key that
                    // does not say so: it may well change with the configuration.
                    (mayRoll ??= []).Add(annotation.Name);
                }
            }
        }

        var templateAnnotations = hasAnnotations ? annotationsJson.ToStringMap() : null;
        var references = ConfigReferenceCollector.Collect(spec, ignoredConfigMaps, Parameters.IncludeSecrets);
        var workloadNamespace = obj.Metadata.NamespaceProperty ?? context.Request.Namespace;
        references = WithoutRolledByName(references, (context.Request.Origin as Origin.ManifestFile)?.Input, workloadNamespace);
        if (references is null)
        {
            return PolicyOutcome.Pass;
        }

        var annotationsPath = TemplateAnnotationsPath(obj.PodSpecPath);
        var reloaders = new ConfigReloaders(
            context.Request.Kind,
            obj.Metadata.Annotations,
            templateAnnotations,
            workloadNamespace);

        List<ConfigReference>? uncovered = null;
        foreach (var reference in references)
        {
            if (!Parameters.AcceptReloaders || !reloaders.Covers(reference))
            {
                (uncovered ??= []).Add(reference);
            }
        }

        var fix = new ConfigChecksumFix(context, Parameters, workloadNamespace);
        if (uncovered is null)
        {
            // A reloader rolls the pods; a broken checksum annotation next to it is still worth a word.
            return badChecksums is null
                ? PolicyOutcome.Pass
                : PolicyOutcome.Of([BadChecksumFinding(context, badChecksums, templateAnnotations!, references, annotationsPath, FindingSeverity.Advice, fix)]);
        }

        if (AlwaysRollKey(templateAnnotations) is { } rollKey)
        {
            return PolicyOutcome.Of([AlwaysRollFinding(context, rollKey, uncovered, annotationsPath, fix)]);
        }

        if (badChecksums is not null)
        {
            return PolicyOutcome.Of([BadChecksumFinding(context, badChecksums, templateAnnotations!, uncovered, annotationsPath, FindingSeverity.Violation, fix)]);
        }

        return PolicyOutcome.Of([MissingChecksumFinding(context, uncovered, references.Count, reloaders, mayRoll, annotationsPath, fix)]);
    }

    /// <summary>
    /// Drops the references whose name rolls the pods by itself: kustomize's hash suffix (a content
    /// change renames the object) and, in the CLI, an object of the input that is immutable (it can
    /// only change by getting a new name). Null when nothing is left.
    /// </summary>
    private static List<ConfigReference>? WithoutRolledByName(List<ConfigReference>? references, ManifestInput? input, string ns)
    {
        if (references is null)
        {
            return null;
        }

        references.RemoveAll(r => KustomizeHashSuffix.IsHashed(r.Name)
            || (input is not null && input.IsImmutable(r.KindName, ns, r.Name)));
        return references.Count == 0 ? null : references;
    }

    /// <summary>The first always-roll annotation with a non-empty value; null when there is none.</summary>
    private string? AlwaysRollKey(IDictionary<string, string>? templateAnnotations)
    {
        if (templateAnnotations is null)
        {
            return null;
        }

        foreach (var key in Parameters.AlwaysRollAnnotations)
        {
            if (templateAnnotations.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return key;
            }
        }

        return null;
    }

    private Finding AlwaysRollFinding(PolicyContext context, string key, List<ConfigReference> references, string annotationsPath, ConfigChecksumFix fix)
    {
        var sb = new StringBuilder(256);
        sb.Append("the pod-template annotation ").Append(key)
            .Append(" changes on every render, so the pods roll on every upgrade, not only when ");
        AppendReferences(sb, references);
        sb.Append(references.Count == 1 ? " changes" : " change")
            .Append("; a checksum of the configuration rolls them only when it changes");
        return new Finding(
            PolicyId,
            FindingSeverity.Advice,
            sb.ToString(),
            $"{context.ObjectRef}: {key} rolls the pods on every upgrade, not only on config change",
            $"{annotationsPath}[{key}]",
            fix.For(references));
    }

    /// <summary>Compares the raw UTF-8 name when it has no escapes: no string per annotation.</summary>
    private bool HasPrefix(JsonProperty annotation)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(annotation);
        return raw.Contains((byte)'\\')
            ? annotation.Name.StartsWith(Parameters.AnnotationPrefix, StringComparison.Ordinal)
            : raw.StartsWith(prefixUtf8);
    }

    /// <summary>
    /// A word of the key (split at <c>/</c>, <c>.</c>, <c>-</c>, <c>_</c> and camelCase) is, or ends
    /// in, <c>checksum</c>, <c>hash</c> or <c>digest</c> (any case), or names a digest algorithm
    /// (<c>md5</c>, <c>sha1</c>, <c>sha256</c>, <c>sha512</c>): <c>checksum/config</c>,
    /// <c>consul.hashicorp.com/config-checksum</c>, <c>configHash</c>, <c>checksum.config/md5</c>;
    /// not <c>hashicorp</c>. Read from the raw UTF-8 into a stack buffer: no string per annotation.
    /// </summary>
    private static bool NamesDigest(JsonProperty annotation)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(annotation);
        if (raw.Length > 320 || raw.Contains((byte)'\\'))
        {
            return NamesDigest(annotation.Name);
        }

        Span<char> chars = stackalloc char[raw.Length];
        var n = Encoding.UTF8.GetChars(raw, chars);
        return NamesDigest(chars[..n]);
    }

    internal static bool NamesDigest(ReadOnlySpan<char> key)
    {
        var start = 0;
        for (var i = 1; i <= key.Length; i++)
        {
            var boundary = i == key.Length || key[i] is '/' or '.' or '-' or '_'
                || (char.IsAsciiLetterUpper(key[i]) && char.IsAsciiLetterLower(key[i - 1]));
            if (!boundary)
            {
                continue;
            }

            var word = key[start..i].Trim("/.-_");
            if (IsDigestWord(word))
            {
                return true;
            }

            start = i;
        }

        return false;
    }

    private static bool IsDigestWord(ReadOnlySpan<char> word)
    {
        foreach (var w in DigestWordList)
        {
            if (word.EndsWith(w, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return DigestAlgorithms.ContainsIgnoringCase(word);
    }

    /// <summary>Helm's documented <c>checksum/</c> prefix counts whatever <c>annotationPrefix</c> says.</summary>
    private static bool HasChecksumPrefix(JsonProperty annotation) =>
        JsonMarshal.GetRawUtf8PropertyName(annotation).StartsWith("checksum/"u8);

    private static bool IsEmpty(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(value).Length <= 2);

    /// <summary>
    /// The length of an annotation value (a string, as the typed model requires) made only of hex
    /// digits, else 0.
    /// </summary>
    private static int DigestLength(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            // Null is an empty value; anything else is not an annotation value at all.
            return value.ValueKind == JsonValueKind.Null ? 0 : throw UnreadableObjectException.At(value, $"is {value.ValueKind}, not String");
        }

        // Hex digits are never escaped; an escaped value is checked as a string.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw[1..^1];
        if (raw.Contains((byte)'\\'))
        {
            return IsHexDigest(value.GetString()) ? value.GetString()!.Length : 0;
        }

        return raw.Length > 0 && !raw.ContainsAnyExcept(HexDigits) ? raw.Length : 0;
    }

    /// <summary>What <c>sha256sum</c> and friends print, whole or cut: 8 to 128 (a whole sha512) hex digits.</summary>
    internal static bool IsHexDigest(string? value)
    {
        if (value is null || value.Length is < MinDigestLength or > MaxDigestLength)
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

    private Finding MissingChecksumFinding(
        PolicyContext context,
        List<ConfigReference> uncovered,
        int total,
        ConfigReloaders reloaders,
        List<string>? mayRoll,
        string annotationsPath,
        ConfigChecksumFix fix)
    {
        var sb = new StringBuilder(256);
        sb.Append("the pod template reads ");
        AppendReferences(sb, uncovered);
        sb.Append(" but nothing in the object rolls the pods when ")
            .Append(uncovered.Count == 1 ? "it changes" : "they change")
            .Append(": ").Append(annotationsPath).Append(" has no annotation with a hex digest of the configuration (a key starting with ")
            .Append(Parameters.AnnotationPrefix).Append(" or naming a checksum, hash or digest)");
        if (Parameters.AcceptReloaders)
        {
            sb.Append(" and the workload no Reloader or Wave annotation covering ").Append(uncovered.Count == 1 ? "it" : "them");
        }

        string? doubt = null;
        if (mayRoll is not null)
        {
            doubt = $"the pod-template annotation {mayRoll[0]} may change with the configuration, though its value is not a digest under a key that says so";
        }
        else if (Parameters.AcceptReloaders && reloaders.UsesReloaderSearch)
        {
            doubt = "Reloader's search mode rolls the pods if the ConfigMaps carry reloader.stakater.com/match, which the policy cannot see";
        }

        if (doubt is not null)
        {
            sb.Append("; not certain: ").Append(doubt);
        }

        if (uncovered.Count < total && Parameters.AcceptReloaders)
        {
            sb.Append(" (Reloader or Wave annotations cover the other references, not these)");
        }


        if (!Parameters.AcceptReloaders)
        {
            sb.Append("; Reloader and Wave annotations are not accepted by this policy (acceptReloaders: false)");
        }

        var first = uncovered[0];
        var summary = $"{context.ObjectRef}: no {Parameters.AnnotationPrefix} pod annotation; reads {first.KindName} {first.Name}"
            + (uncovered.Count > 1 ? $" (+{uncovered.Count - 1} more)" : string.Empty);
        return new Finding(PolicyId, FindingSeverity.Violation, sb.ToString(), summary, annotationsPath, fix.For(uncovered)) { Doubt = doubt };
    }

    private Finding BadChecksumFinding(
        PolicyContext context,
        List<string> badKeys,
        IDictionary<string, string> annotations,
        List<ConfigReference> references,
        string annotationsPath,
        FindingSeverity severity,
        ConfigChecksumFix fix)
    {
        // Never print the value itself: a mistemplated checksum may hold anything, a credential included.
        var sb = new StringBuilder(256);
        for (var i = 0; i < badKeys.Count; i++)
        {
            var value = annotations[badKeys[i]];
            sb.Append(i == 0 ? "the pod-template annotation " : "; ").Append(badKeys[i]).Append(' ')
                .Append(string.IsNullOrEmpty(value)
                    ? "is empty (the template most likely rendered nothing)"
                    : $"is not a hex digest of {MinDigestLength} to {MaxDigestLength} characters ({value.Length} characters)");
        }

        if (severity == FindingSeverity.Violation)
        {
            sb.Append(", so it does not roll the pods when ");
            AppendReferences(sb, references);
            sb.Append(references.Count == 1 ? " changes" : " change");
        }
        else
        {
            sb.Append("; Reloader or Wave rolls the pods, but the annotation is broken");
        }

        var summary = $"{context.ObjectRef}: {badKeys[0]} is not a hex digest"
            + (string.IsNullOrEmpty(annotations[badKeys[0]]) ? " (empty)" : string.Empty);
        return new Finding(PolicyId, severity, sb.ToString(), summary, $"{annotationsPath}[{badKeys[0]}]", fix.For(references));
    }

    internal static void AppendReferences(StringBuilder sb, List<ConfigReference> references)
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

    /// <summary><c>spec.template.spec</c> -> <c>spec.template.metadata.annotations</c> (CronJob: under <c>spec.jobTemplate.spec</c>).</summary>
    private static string TemplateAnnotationsPath(string podSpecPath) =>
        podSpecPath.EndsWith(".spec", StringComparison.Ordinal)
            ? string.Concat(podSpecPath.AsSpan(0, podSpecPath.Length - ".spec".Length), ".metadata.annotations")
            : "metadata.annotations";

    /// <summary>What the catalog, the loader, reports and <c>--help</c> know of the policy; its help is config-checksum.help.md beside it.</summary>
    public static readonly PolicyDescriptor<ConfigChecksumParameters> Descriptor = new(
        PolicyId, PolicyType.Validating,
        [.. PolicyKind.Registered(KnownKinds.Deployment, KnownKinds.StatefulSet, KnownKinds.DaemonSet), .. PolicyKind.OnRequest(KnownKinds.ReplicaSet, KnownKinds.Job, KnownKinds.CronJob)],
        "A workload that reads a ConfigMap carries a checksum/ pod-template annotation.",
        (p, _) => new ConfigChecksumPolicy(p), new ConfigChecksumParametersValidator());
}

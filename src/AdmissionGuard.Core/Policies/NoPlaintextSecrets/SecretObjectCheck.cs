using System.Collections.Frozen;
using System.Runtime.InteropServices;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// <c>secretObjects</c> (docs/no-plaintext-secrets.md): a Secret applied declaratively with a non-empty value was
/// written in plaintext into Git or chart values; base64 in <c>data</c> is an encoding, not
/// encryption. Empty values and SOPS ciphertext in files are told on the raw JSON bytes; any other
/// value is decoded into a pooled buffer (cleared after use) and passes when it is a reference or a
/// SOPS-encrypted file.
/// </summary>
internal sealed class SecretObjectCheck
{
    private const string Fix =
        "keep the values out of Git and chart values: a SealedSecret (kubeseal), an ExternalSecret (External Secrets Operator) or a SOPS-encrypted Secret";

    private readonly FrozenSet<string> exemptTypes;
    private readonly FrozenSet<string> trustedOwners;
    private readonly FrozenSet<string> trustedAppliers;
    private const string SopsFix =
        "encrypt those values too (an encrypted_regex or encrypted_suffix that covers their keys, no unencrypted_suffix on them) and encrypt the file again with sops";

    private readonly IFluxDecryptionIndex flux;
    private readonly ValueTreeScanner scanner;

    public SecretObjectCheck(NoPlaintextSecretsParameters parameters, IFluxDecryptionIndex flux, ValueTreeScanner scanner)
    {
        this.scanner = scanner;
        exemptTypes = parameters.ExemptTypes.ToFrozenSet(StringComparer.Ordinal);
        trustedOwners = parameters.TrustedOwners.ToFrozenSet(StringComparer.Ordinal);
        trustedAppliers = parameters.TrustedAppliers.ToFrozenSet(StringComparer.Ordinal);
        this.flux = flux;
    }

    public void Evaluate(PolicyContext context, ref List<Finding>? findings)
    {
        // Secrets created imperatively (kubectl create secret, controllers) are out of scope.
        if (!context.IsDeclarative)
        {
            return;
        }

        var obj = context.Object;
        if (exemptTypes.Contains(SecretType(obj))
            || HasTrustedOwner(obj)
            || trustedAppliers.Contains(context.Request.UserInfo.Username)
            || IsDecryptedByFlux(obj))
        {
            return;
        }

        // SOPS ciphertext only ever appears in files: the API server would refuse it in data, and
        // Flux decrypts before it applies.
        var inFile = context.Request.Origin.IsFile;
        var values = new SecretValues();
        var inData = CollectPlaintextKeys(context, "data", inFile, values, ref findings);
        var inStringData = CollectPlaintextKeys(context, "stringData", inFile, values, ref findings);
        if (values.Plaintext is not { } keys)
        {
            return;
        }

        var where = inData && inStringData ? "data and stringData" : inData ? "data" : "stringData";
        var path = inData && inStringData ? "data, stringData" : where;
        var encoding = inData ? "; base64 in data is an encoding, not encryption" : string.Empty;
        var sops = inFile && obj.TryGet(out var s, "sops") && s.ValueKind == JsonValueKind.Object
            ? "; the file has a sops block but these values are not encrypted"
            : string.Empty;
        var applied = FindingBuilder.AppliedBy(context);
        if (values.Hits.Certain is { } certain)
        {
            FindingBuilder.Add(
                ref findings,
                FindingSeverity.Violation,
                $"applied {applied} with plaintext values in {where} "
                    + $"(keys {FindingBuilder.NameList(certain, FindingBuilder.MessageNames)}){FindingBuilder.Formats(values.Hits.Formats)}{encoding}{sops}",
                $"{context.ObjectRef}: plaintext Secret values (keys {FindingBuilder.NameList(certain, FindingBuilder.SummaryNames)}); use SealedSecret, ExternalSecret or SOPS",
                path,
                Fix);
            return;
        }

        if (values.Hits.Doubtful is { } doubtful)
        {
            FindingBuilder.AddDoubtful(
                ref findings,
                $"applied {applied} with plaintext values in {where} that may be credentials (keys {FindingBuilder.NameList(doubtful, FindingBuilder.MessageNames)}); "
                    + $"not certain: {values.Hits.Doubt}{encoding}{sops}",
                $"{context.ObjectRef}: plaintext Secret values {FindingBuilder.NameList(doubtful, FindingBuilder.SummaryNames)} may be credentials; check them",
                path,
                Fix,
                values.Hits.Doubt!);
            return;
        }

        FindingBuilder.AddDoubtful(
            ref findings,
            $"applied {applied} with plaintext values in {where} (keys {FindingBuilder.NameList(keys, FindingBuilder.MessageNames)}); "
                + $"not certain: {NoCredentialDoubt}. If they are not secret they belong in a ConfigMap; if they are, encrypt them",
            $"{context.ObjectRef}: plaintext Secret values ({FindingBuilder.NameList(keys, FindingBuilder.SummaryNames)}) hold no recognisable credential; use a ConfigMap or encrypt",
            path,
            NoCredentialFix,
            NoCredentialDoubt);
    }

    private const string NoCredentialDoubt = "no value is a credential by its key, its form or a known format";

    private const string NoCredentialFix =
        "a ConfigMap for values that are not secret; otherwise a SealedSecret (kubeseal), an ExternalSecret (External Secrets Operator) or a SOPS-encrypted Secret";

    private static string SecretType(KubeObject obj) =>
        obj.TryGet(out var type, "type") && type.ValueKind == JsonValueKind.String ? type.GetString()! : "Opaque";

    private bool HasTrustedOwner(KubeObject obj)
    {
        if (obj.Metadata.OwnerReferences is not { Count: > 0 } owners)
        {
            return false;
        }

        foreach (var owner in owners)
        {
            if (owner.Kind is { } kind && trustedOwners.Contains(kind))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Flux decrypts SOPS in memory and applies plaintext, so the object cannot tell; its labels
    /// name the Kustomization, whose <c>spec.decryption</c> the index knows (docs/no-plaintext-secrets.md).
    /// </summary>
    private bool IsDecryptedByFlux(KubeObject obj) =>
        obj.Label(ApplierMarks.FluxKustomizeNameLabel) is { Length: > 0 } name
        && obj.Label(ApplierMarks.FluxKustomizeNamespaceLabel) is { Length: > 0 } ns
        && flux.HasDecryption(ns, name);

    /// <summary>
    /// Adds the keys of the plaintext values of one map, and what each holds; true when it found
    /// any. Not plaintext: an empty value, a reference (<see cref="ReferenceValue"/>: <c>${VAR}</c>,
    /// <c>op://</c>, <c>ref+</c>, <c>&lt;path:...#key&gt;</c>, <c>ENC[...]</c>), SOPS ciphertext
    /// written in place of the base64 in a file, and a SOPS-encrypted file (a secretGenerator's),
    /// whose values left in plaintext are judged by name and reported on their own.
    /// </summary>
    private bool CollectPlaintextKeys(PolicyContext context, string field, bool inFile, SecretValues values, ref List<Finding>? findings)
    {
        if (!context.Object.TryGet(out var map, field) || map.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var found = false;
        var base64 = field == "data";
        foreach (var entry in map.EnumerateObject())
        {
            if (IsEmpty(entry.Value) || (inFile && IsSopsCiphertext(entry.Value)) || !IsPlaintext(context, field, entry, base64, values.Hits, ref findings))
            {
                continue;
            }

            values.AddPlaintext(entry.Name);
            found = true;
        }

        return found;
    }

    /// <summary>
    /// Reads the value (base64-decoded from data) from a pooled buffer and tells whether it is
    /// plaintext; a plaintext value is judged into <paramref name="hits"/> under its key: a private
    /// key or a known token, a credential-named key with a credential literal, a structured file
    /// with one (<see cref="StructuredValue"/>), or a random string under any key.
    /// </summary>
    private bool IsPlaintext(PolicyContext context, string field, JsonProperty entry, bool base64, CredentialHits hits, ref List<Finding>? findings)
    {
        if (entry.Value.ValueKind != JsonValueKind.String)
        {
            hits.Add(entry.Name, new Judgement(Certainty.Doubtful, "a value that is not a string cannot be read"));
            return true;
        }

        PooledText text;
        if (base64)
        {
            if (!PooledText.TryFromBase64(entry.Value, out text, utf8: true))
            {
                hits.Add(entry.Name, new Judgement(Certainty.Doubtful, "a value that is not base64 cannot be read"));
                return true;
            }
        }
        else
        {
            text = PooledText.FromString(entry.Value);
        }

        using (text)
        {
            if (ReferenceValue.IsReference(text.Span))
            {
                return false;
            }

            // Only text that mentions sops can be a SOPS file: no hits object for the others.
            var leaks = text.Span.Contains("sops", StringComparison.Ordinal) ? new CredentialHits() : null;
            if (leaks is null || !SopsDocument.TryRead(text.Span, scanner, leaks))
            {
                Judge(entry.Name, text.Span, hits);
                return true;
            }

            ReportSopsLeaks(context, field, entry.Name, leaks, ref findings);
            return false;
        }
    }

    private void Judge(string key, ReadOnlySpan<char> value, CredentialHits hits)
    {
        if (KnownFormats.Find(value) is { } formats)
        {
            hits.AddFormats(key, formats);
            return;
        }

        // A file of settings is judged by its own keys first: its name (cluster-credentials.properties)
        // says less than what it holds. A file named for credentials (credentials.json) with a
        // random value in it holds them.
        var byKey = scanner.JudgeLiteral(key, value);
        var inside = StructuredValue.MayBe(value) ? new CredentialHits() : null;
        if (inside is not null && StructuredValue.TryJudge(value, scanner, inside, out var random))
        {
            if (inside.Certain is not null || (random && byKey.Certainty == Certainty.Certain && scanner.Names.RoleOf(key) is KeyRole.Itself or KeyRole.Plural))
            {
                hits.Add(key, new Judgement(Certainty.Certain));
            }
            else if (inside.Doubtful is not null)
            {
                hits.Add(key, new Judgement(Certainty.Doubtful, inside.Doubt));
            }

            return;
        }

        if (byKey.Certainty != Certainty.None)
        {
            hits.Add(key, byKey);
            return;
        }

        if (ValueShape.LooksRandom(value.Trim()) || scanner.IsUrlWithCredentials(value.Trim()))
        {
            hits.Add(key, new Judgement(Certainty.Certain));
        }
    }

    private static void ReportSopsLeaks(PolicyContext context, string field, string key, CredentialHits leaks, ref List<Finding>? findings)
    {
        if (leaks.Certain is { } certain)
        {
            FindingBuilder.Add(
                ref findings,
                FindingSeverity.Violation,
                $"key {key} holds a SOPS-encrypted file that leaves {FindingBuilder.NameList(certain, FindingBuilder.MessageNames)} in plaintext, "
                    + "named like a credential and with a literal value that could be one",
                $"{context.ObjectRef}: SOPS file in key {key} leaves {FindingBuilder.NameList(certain, FindingBuilder.SummaryNames)} unencrypted",
                $"{field}[{key}]",
                SopsFix);
        }

        if (leaks.Doubtful is { } doubtful)
        {
            FindingBuilder.AddDoubtful(
                ref findings,
                $"key {key} holds a SOPS-encrypted file that leaves {FindingBuilder.NameList(doubtful, FindingBuilder.MessageNames)} in plaintext, "
                    + $"named like a credential; not certain: {leaks.Doubt}",
                $"{context.ObjectRef}: SOPS file in key {key} leaves {FindingBuilder.NameList(doubtful, FindingBuilder.SummaryNames)} unencrypted; check them",
                $"{field}[{key}]",
                SopsFix,
                leaks.Doubt!);
        }
    }

    /// <summary>The plaintext keys of a Secret, and what they hold.</summary>
    private sealed class SecretValues
    {
        public List<string>? Plaintext { get; private set; }

        public CredentialHits Hits { get; } = new();

        public void AddPlaintext(string key)
        {
            Plaintext ??= [];
            if (!Plaintext.Contains(key))
            {
                Plaintext.Add(key);
            }
        }
    }

    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => JsonMarshal.GetRawUtf8Value(value).Length <= 2, // just the quotes
        _ => false,
    };

    /// <summary><c>ENC[AES256_GCM,data:...,iv:...,tag:...,type:str]</c>, checked on the raw bytes.</summary>
    private static bool IsSopsCiphertext(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.Length > 2 && raw[1..].StartsWith("ENC[AES256_GCM,data:"u8) && raw[..^1].EndsWith("]"u8);
    }
}

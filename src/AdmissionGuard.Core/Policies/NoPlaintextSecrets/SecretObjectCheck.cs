using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text.Json;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// <c>secretObjects</c> (docs/no-plaintext-secrets.md): a Secret applied declaratively with a non-empty value was
/// written in plaintext into Git or chart values; base64 in <c>data</c> is an encoding, not
/// encryption. Values are only tested for emptiness (and, in files, for SOPS ciphertext) on their
/// raw JSON bytes: nothing is decoded or copied.
/// </summary>
internal sealed class SecretObjectCheck
{
    private const string Fix =
        "keep the values out of Git and chart values: a SealedSecret (kubeseal), an ExternalSecret (External Secrets Operator) or a SOPS-encrypted Secret";

    private readonly FrozenSet<string> exemptTypes;
    private readonly FrozenSet<string> trustedOwners;
    private readonly FrozenSet<string> trustedAppliers;
    private readonly IFluxDecryptionIndex flux;

    public SecretObjectCheck(NoPlaintextSecretsParameters parameters, IFluxDecryptionIndex flux)
    {
        exemptTypes = parameters.ExemptTypes.ToFrozenSet(StringComparer.Ordinal);
        trustedOwners = parameters.TrustedOwners.ToFrozenSet(StringComparer.Ordinal);
        trustedAppliers = parameters.TrustedAppliers.ToFrozenSet(StringComparer.Ordinal);
        this.flux = flux;
    }

    public void Evaluate(PolicyContext context, ref List<Finding>? findings)
    {
        // Secrets created imperatively (kubectl create secret, controllers) are out of scope.
        if (!context.Manager.IsDeclarative())
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
        var inFile = context.Request.FromManifestFile;
        List<string>? keys = null;
        var inData = CollectPlaintextKeys(obj, "data", inFile, ref keys);
        var inStringData = CollectPlaintextKeys(obj, "stringData", inFile, ref keys);
        if (keys is null)
        {
            return;
        }

        var where = inData && inStringData ? "data and stringData" : inData ? "data" : "stringData";
        var encoding = inData ? "; base64 in data is an encoding, not encryption" : string.Empty;
        var sops = inFile && obj.TryGet(out var s, "sops") && s.ValueKind == JsonValueKind.Object
            ? "; the file has a sops block but these values are not encrypted"
            : string.Empty;
        FindingBuilder.Add(
            ref findings,
            FindingSeverity.Violation,
            $"applied {FindingBuilder.AppliedBy(context.Manager)} with plaintext values in {where} "
                + $"(keys {FindingBuilder.NameList(keys, FindingBuilder.MessageNames)}){encoding}{sops}",
            $"{context.ObjectRef}: plaintext Secret values (keys {FindingBuilder.NameList(keys, FindingBuilder.SummaryNames)}); use SealedSecret, ExternalSecret or SOPS",
            inData && inStringData ? "data, stringData" : where,
            Fix);
    }

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
        obj.Label(ManagerMarks.FluxKustomizeNameLabel) is { Length: > 0 } name
        && obj.Label(ManagerMarks.FluxKustomizeNamespaceLabel) is { Length: > 0 } ns
        && flux.HasDecryption(ns, name);

    /// <summary>Adds the keys of non-empty, unencrypted values of one map; true when it found any.</summary>
    private static bool CollectPlaintextKeys(KubeObject obj, string field, bool inFile, ref List<string>? keys)
    {
        if (!obj.TryGet(out var map, field) || map.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var found = false;
        foreach (var entry in map.EnumerateObject())
        {
            if (IsEmpty(entry.Value) || (inFile && IsSopsCiphertext(entry.Value)))
            {
                continue;
            }

            keys ??= [];
            if (!keys.Contains(entry.Name))
            {
                keys.Add(entry.Name);
            }

            found = true;
        }

        return found;
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

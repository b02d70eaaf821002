namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// <c>configMapValues</c> (docs/no-plaintext-secrets.md): a private key or a well-known token anywhere in a
/// ConfigMap's <c>data</c> or <c>binaryData</c> is denied; a key named like a credential with a
/// literal value warns. Each value is unescaped (or base64-decoded) into a pooled buffer and
/// scanned once by each detector: large config files are the common case.
/// </summary>
internal sealed class ConfigMapValueCheck(ValueTreeScanner judge)
{
    private const string MoveFix = "move the value into a Secret (SealedSecret, ExternalSecret or SOPS) and mount or reference that Secret instead";
    private const string NameFix = "keep credentials in a Secret and reference it (secretKeyRef or a secret volume); rename the key if it is not one";

    public void Evaluate(PolicyContext context, ref List<Finding>? findings)
    {
        var obj = context.Object;
        if (obj.TryGet(out var data, "data") && data.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in data.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                using var text = PooledText.FromString(entry.Value);
                Judge(context, "data", entry.Name, text.Span, binary: false, ref findings);
            }
        }

        if (obj.TryGet(out var binaryData, "binaryData") && binaryData.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in binaryData.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String || !PooledText.TryFromBase64(entry.Value, out var text))
                {
                    continue;
                }

                using (text)
                {
                    Judge(context, "binaryData", entry.Name, text.Span, binary: true, ref findings);
                }
            }
        }
    }

    private void Judge(PolicyContext context, string field, string key, ReadOnlySpan<char> text, bool binary, ref List<Finding>? findings)
    {
        if (KnownFormats.Find(text) is { } found)
        {
            var severity = found.Exists(d => d.Severity == FindingSeverity.Violation) ? FindingSeverity.Violation : FindingSeverity.Advice;
            var kinds = FindingBuilder.NameList(found.ConvertAll(d => d.Description), FindingBuilder.MessageNames);
            var publicHint = severity == FindingSeverity.Advice ? " (a bearer credential unless it is meant to be public)" : string.Empty;
            FindingBuilder.Add(
                ref findings,
                severity,
                $"{kinds} in key {key}{publicHint}; ConfigMaps are stored and shown in plaintext to anyone who may read them",
                $"{context.ObjectRef}: {kinds} in key {key}; move it to a Secret",
                $"{field}[{key}]",
                MoveFix);
            return;
        }

        if (!judge.Names.IsCredentialName(key) || (binary ? text.IsEmpty : IsConfigFile(key, text) || judge.JudgeLiteral(key, text).Certainty == Certainty.None))
        {
            return;
        }

        FindingBuilder.Add(
            ref findings,
            FindingSeverity.Advice,
            $"key {key} is named like a credential and holds a literal value; ConfigMaps are not meant for credentials",
            $"{context.ObjectRef}: ConfigMap key {key} looks like a credential; keep it in a Secret",
            $"{field}[{key}]",
            NameFix);
    }

    /// <summary>
    /// A key named like a file (it has an extension) holding several lines is a configuration
    /// file, such as <c>no-plaintext-secrets.yaml</c> in this project's own chart: its name says
    /// nothing about a credential, and its content has been scanned for keys and tokens above.
    /// A one-line value under such a name (<c>secret.txt: hunter2...</c>) is still judged by name.
    /// </summary>
    private static bool IsConfigFile(string key, ReadOnlySpan<char> text)
    {
        var dot = key.LastIndexOf('.');
        if (dot <= 0 || dot == key.Length - 1)
        {
            return false;
        }

        var body = text.TrimEnd();
        return body.IndexOf('\n') >= 0;
    }
}

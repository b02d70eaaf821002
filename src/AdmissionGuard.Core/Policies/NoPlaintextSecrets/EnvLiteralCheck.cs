namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// <c>envLiterals</c> (docs/no-plaintext-secrets.md): in any pod template, a container or init container env var
/// named like a credential with a literal <c>value</c> that could be one. Reads the pod template's
/// JSON, not the typed model: only env names and values matter, and most variables are skipped
/// before a string is made. The message names the variable and the container, never the value.
/// </summary>
internal sealed class EnvLiteralCheck(CredentialJudge judge)
{
    private const string Fix = "valueFrom: {secretKeyRef: {name: <secret>, key: <key>}}";

    public void Evaluate(PolicyContext context, ref List<Finding>? findings)
    {
        if (!context.Object.TryGetPodTemplateJson(out _, out var spec))
        {
            return;
        }

        var specPath = context.Object.PodSpecPath;
        Scan(context, spec, "initContainers"u8, specPath, "initContainers", "init container", ref findings);
        Scan(context, spec, "containers"u8, specPath, "containers", "container", ref findings);
    }

    private void Scan(
        PolicyContext context,
        JsonElement spec,
        ReadOnlySpan<byte> containersField,
        string specPath,
        string field,
        string noun,
        ref List<Finding>? findings)
    {
        if (!spec.TryGetArray(containersField, out var containers))
        {
            return;
        }

        var c = -1;
        foreach (var container in containers.EnumerateArray())
        {
            c++;
            if (!container.RequireObjectItem().TryGetArray("env"u8, out var env))
            {
                continue;
            }

            var e = -1;
            foreach (var variable in env.EnumerateArray())
            {
                e++;
                if (!variable.RequireObjectItem().TryGetString("value"u8, out var literal)
                    || literal.ValueEquals(ReadOnlySpan<byte>.Empty)
                    || variable.GetStringField("name"u8) is not { Length: > 0 } name
                    || !judge.Names.IsCredentialName(name))
                {
                    continue;
                }

                var judgement = judge.JudgeValue(judge.Names.RoleOf(name), literal.GetString()!);
                if (judgement.Certainty == Certainty.None)
                {
                    continue;
                }

                var containerName = container.GetStringField("name"u8);
                var at = $"{specPath}.{field}[{c}].env[{e}].value";
                if (judgement.Certainty == Certainty.Doubtful)
                {
                    FindingBuilder.AddDoubtful(
                        ref findings,
                        $"env var {name} of {noun} {containerName} has a literal value that may be a credential; not certain: {judgement.Doubt}",
                        $"{context.ObjectRef}: env {name} of {noun} {containerName} may be a literal credential; check it",
                        at,
                        Fix,
                        judgement.Doubt!);
                    continue;
                }

                var what = judgement.IsUrl
                    ? "a literal URL with embedded credentials"
                    : "a literal value that could be a credential";
                FindingBuilder.Add(
                    ref findings,
                    FindingSeverity.Violation,
                    $"env var {name} of {noun} {containerName} has {what}; it is stored in plaintext in the manifest and in Git",
                    $"{context.ObjectRef}: env {name} of {noun} {containerName} is a literal credential; use valueFrom.secretKeyRef",
                    at,
                    Fix);
            }
        }
    }
}

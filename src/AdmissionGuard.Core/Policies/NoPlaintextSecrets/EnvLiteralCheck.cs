using AdmissionGuard.Core.Engine;
using k8s.Models;

namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// <c>envLiterals</c> (DESIGN 2.4): in any pod template, a container or init container env var
/// named like a credential with a literal <c>value</c> that could be one. Reads the typed pod
/// template every policy shares; the message names the variable and the container, never the value.
/// </summary>
internal sealed class EnvLiteralCheck(CredentialNameMatcher names, CredentialValueClassifier values)
{
    private const string Fix = "valueFrom: {secretKeyRef: {name: <secret>, key: <key>}}";

    public void Evaluate(PolicyContext context, ref List<Finding>? findings)
    {
        if (context.Object.PodTemplate?.Spec is not { } spec)
        {
            return;
        }

        var specPath = context.Object.PodSpecPath;
        Scan(context, spec.InitContainers, specPath, "initContainers", "init container", ref findings);
        Scan(context, spec.Containers, specPath, "containers", "container", ref findings);
    }

    private void Scan(
        PolicyContext context,
        IList<V1Container>? containers,
        string specPath,
        string field,
        string noun,
        ref List<Finding>? findings)
    {
        if (containers is null)
        {
            return;
        }

        for (var c = 0; c < containers.Count; c++)
        {
            var container = containers[c];
            if (container.Env is not { } env)
            {
                continue;
            }

            for (var e = 0; e < env.Count; e++)
            {
                var variable = env[e];
                if (string.IsNullOrEmpty(variable.Value) || variable.Name is not { Length: > 0 } name || !names.IsCredentialName(name))
                {
                    continue;
                }

                var kind = values.Classify(variable.Value);
                if (!kind.CouldBeCredential())
                {
                    continue;
                }

                var what = kind == LiteralKind.UrlWithCredentials
                    ? "a literal URL with embedded credentials"
                    : "a literal value that could be a credential";
                FindingBuilder.Add(
                    ref findings,
                    FindingSeverity.Violation,
                    $"env var {name} of {noun} {container.Name} has {what}; it is stored in plaintext in the manifest and in Git",
                    $"{context.ObjectRef}: env {name} of {noun} {container.Name} is a literal credential; use valueFrom.secretKeyRef",
                    $"{specPath}.{field}[{c}].env[{e}].value",
                    Fix);
            }
        }
    }
}

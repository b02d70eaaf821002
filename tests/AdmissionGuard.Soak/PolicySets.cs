using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Soak;

/// <summary>
/// The policy files swapped in during the run: A, the built-in policies as shipped (all enforce);
/// B, the same with every policy at warn or audit (warn where not listed below: so denials become
/// warnings, patches become descriptions); and an invalid set (an unknown action), which the server must refuse and
/// keep the last good set.
/// </summary>
internal sealed class PolicySets
{
    private static readonly Dictionary<string, string> ActionsOfB = new()
    {
        ["config-checksum.yaml"] = "warn",
        ["hook-deadline.yaml"] = "audit",
        ["keep-stateful.yaml"] = "warn",
        ["no-plaintext-secrets.yaml"] = "warn",
    };

    private PolicySets(IReadOnlyDictionary<string, string> a)
    {
        A = a;
        B = a.ToDictionary(f => f.Key, f => WithAction(f.Value, ActionsOfB.GetValueOrDefault(f.Key, "warn")));
        Invalid = a.ToDictionary(f => f.Key, f => f.Key == "no-plaintext-secrets.yaml" ? WithAction(f.Value, "sometimes") : f.Value);
    }

    public IReadOnlyDictionary<string, string> A { get; }

    public IReadOnlyDictionary<string, string> B { get; }

    public IReadOnlyDictionary<string, string> Invalid { get; }

    public static PolicySets FromRepository(string root) =>
        new(Directory.GetFiles(Path.Combine(root, "policies"), "*.yaml").ToDictionary(f => Path.GetFileName(f), File.ReadAllText));

    /// <summary>The engine a set gives when loaded as the server loads it (from a directory, no cluster services).</summary>
    public static PolicyEngine Engine(IReadOnlyDictionary<string, string> files, string scratch)
    {
        Directory.CreateDirectory(scratch);
        Write(scratch, files);
        var result = PolicyLoader.LoadDirectory(scratch);
        return new PolicyEngine(result.Policies ?? throw new InvalidOperationException("set does not load: " + string.Join("; ", result.Errors)));
    }

    public static void Write(string directory, IReadOnlyDictionary<string, string> files)
    {
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(directory, name), content);
        }
    }

    private static string WithAction(string file, string action)
    {
        var replaced = System.Text.RegularExpressions.Regex.Replace(file, @"(?m)^  action: \S+$", $"  action: {action}");
        return replaced != file ? replaced : throw new InvalidOperationException("no spec.action line in a policy file");
    }
}

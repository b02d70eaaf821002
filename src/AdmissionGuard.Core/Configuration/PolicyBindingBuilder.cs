namespace AdmissionGuard.Core.Configuration;

/// <summary>Builds the engine's binding from a document the validators passed.</summary>
internal static class PolicyBindingBuilder
{
    public static PolicyBinding Build(PolicyDocument document, PolicyServices services)
    {
        var spec = document.Spec!;
        PolicyFileFormat.TryParseAction(spec.Action, out var action);
        var kinds = new HashSet<GroupVersionKind>();
        foreach (var text in spec.Match!.Kinds)
        {
            GroupVersionKind.TryParse(text, out var kind);
            kinds.Add(kind);
        }

        var exclude = spec.Exclude;
        var settings = new PolicySettings
        {
            Action = action,
            Kinds = kinds,
            Exclude = new Exclusions
            {
                Namespaces = exclude.Namespaces.ToHashSet(StringComparer.Ordinal),
                Names = exclude.Names.Distinct(StringComparer.Ordinal).Select(n => new Glob(n)).ToArray(),
                Users = exclude.Users.ToHashSet(StringComparer.Ordinal),
                Groups = exclude.Groups.ToHashSet(StringComparer.Ordinal),
                ServiceAccounts = exclude.ServiceAccounts.ToHashSet(StringComparer.Ordinal),
            },
            AllowExistingViolations = spec.AllowExistingViolations,
            AllowObjectExemption = spec.AllowObjectExemption,
        };

        // The reader binds parameters (the defaults where the file has none) for every known policy.
        return new PolicyBinding(spec.Parameters!.CreatePolicy(services), settings, document.File);
    }
}

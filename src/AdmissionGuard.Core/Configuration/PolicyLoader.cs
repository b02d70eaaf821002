using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Core.Configuration;

/// <summary>
/// Loads policy files (DESIGN 4). TODO (policy-file change): parse with YamlDotNet, validate with
/// FluentValidation. This placeholder builds the catalog's policies with default settings.
/// </summary>
public static class PolicyLoader
{
    /// <summary>The policies built into the binary (the repository's <c>policies/</c>).</summary>
    public static PolicyLoadResult LoadDefaults(PolicyServices? services = null) => Placeholder(services ?? PolicyServices.Default);

    /// <summary>Every <c>*.yaml</c>/<c>*.yml</c> file of a directory (not recursive); replaces the defaults.</summary>
    public static PolicyLoadResult LoadDirectory(string directory, PolicyServices? services = null) => Placeholder(services ?? PolicyServices.Default);

    /// <summary>Policy files given as (file name, content) pairs, e.g. a rendered ConfigMap's data.</summary>
    public static PolicyLoadResult LoadFiles(IEnumerable<(string File, string Content)> files, PolicyServices? services = null) => Placeholder(services ?? PolicyServices.Default);

    private static PolicyLoadResult Placeholder(PolicyServices services) => new(
        new PolicySet(PolicyCatalog.All.Select(d => new PolicyBinding(
            d.Create(Activator.CreateInstance(d.ParametersType)!, services),
            new PolicySettings { Kinds = d.SupportedKinds.ToHashSet() },
            "builtin"))),
        []);
}

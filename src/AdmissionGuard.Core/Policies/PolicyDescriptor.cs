using System.Diagnostics.CodeAnalysis;
using AdmissionGuard.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace AdmissionGuard.Core.Policies;

/// <summary>
/// Everything AdmissionGuard knows about one policy id: whether it validates or mutates, the kinds
/// it may target, its parameters with their defaults, and the text reports and <c>--help</c>
/// show. It is the one place these facts are written: <c>make generate</c> writes the default
/// policy file's kinds and parameters, the chart's policy table, values and schema, and the docs'
/// parameter tables from it (docs/adding-a-policy.md). The loader works with this non-generic view; <see cref="PolicyDescriptor{TParameters}"/>
/// keeps the parameter type, so nothing is cast. Each policy class declares its descriptor
/// (<c>XPolicy.Descriptor</c>), its folder holds the help file; <see cref="PolicyCatalog"/> lists them.
/// </summary>
internal abstract class PolicyDescriptor
{
    private PolicyHelp? help;

    private protected PolicyDescriptor(string id, PolicyType type, IEnumerable<PolicyKind> kinds, string summary)
    {
        Id = id;
        Type = type;
        Kinds = kinds.ToArray();
        SupportedKinds = Kinds.Select(k => k.Kind).ToArray();
        Summary = summary;
    }

    /// <summary>The policy id: <c>metadata.name</c> of its policy file, the key of its audit annotation, its docs page.</summary>
    public string Id { get; }

    /// <summary>The policy's key in the chart's values (<c>policies.&lt;key&gt;</c>): its id in camelCase, <c>noPlaintextSecrets</c> for <c>no-plaintext-secrets</c>.</summary>
    public string ValuesKey => string.Concat(Id.Split('-').Select((word, i) => i == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>Validating (<c>/validate</c>) or mutating (<c>/mutate</c>).</summary>
    public PolicyType Type { get; }

    /// <summary>The kinds a policy file may list, each with where it goes by default (the default policy file, the chart's webhook rules).</summary>
    public IReadOnlyList<PolicyKind> Kinds { get; }

    /// <summary>The kinds a policy file may list in <c>spec.match.kinds</c>.</summary>
    public IReadOnlyList<GroupVersionKind> SupportedKinds { get; }

    /// <summary>One sentence: what the policy requires (<c>--help</c>, SARIF <c>shortDescription</c>).</summary>
    public string Summary { get; }

    /// <summary>The policy's <c>&lt;id&gt;.help.md</c>, read on first use (reports and <c>--help</c> only).</summary>
    public PolicyHelp Help => help ??= PolicyHelp.Read(Id);

    /// <summary>The record <c>spec.parameters</c> binds to.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    public abstract Type ParametersType { get; }

    /// <summary>The parameters in declaration order, with their defaults and what their <see cref="ParameterAttribute"/> says.</summary>
    public abstract IReadOnlyList<PolicyParameter> Parameters { get; }

    /// <summary>Binds <c>spec.parameters</c> (null when the file has none: the defaults).</summary>
    internal abstract BoundParameters Bind(YamlNode? node, string path, YamlValueReader reader);
}

/// <summary>A policy whose parameters are a <typeparamref name="TParameters"/> record.</summary>
/// <param name="create">Builds the policy from parameters the validator passed.</param>
/// <param name="validator">The FluentValidation rules of the parameters (beside the policy, in its folder).</param>
internal sealed class PolicyDescriptor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(
    string id,
    PolicyType type,
    IEnumerable<PolicyKind> kinds,
    string summary,
    Func<TParameters, PolicyServices, IPolicy> create,
    FluentValidation.IValidator<TParameters> validator)
    : PolicyDescriptor(id, type, kinds, summary)
    where TParameters : class, new()
{
    private IReadOnlyList<PolicyParameter>? parameters;

    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    public override Type ParametersType => typeof(TParameters);

    public override IReadOnlyList<PolicyParameter> Parameters => parameters ??= ParameterBinder.Describe(new TParameters());

    public FluentValidation.IValidator<TParameters> Validator { get; } = validator;

    public IPolicy Create(TParameters parameters, PolicyServices services) => create(parameters, services);

    internal override BoundParameters Bind(YamlNode? node, string path, YamlValueReader reader) =>
        new BoundParameters<TParameters>(this, ParameterBinder.Bind(new TParameters(), node, path, reader));
}

using System.Diagnostics.CodeAnalysis;
using FluentValidation;
using FluentValidation.Results;

namespace AdmissionGuard.Core.Configuration;

/// <summary>
/// <c>spec.parameters</c> of one document, bound to its policy's record. The loader holds it
/// without knowing the record's type; the policy's validator checks it and its descriptor builds
/// the policy from it.
/// </summary>
internal abstract class BoundParameters
{
    /// <summary>The parameters' validation failures, named under <paramref name="parentPath"/> (FluentValidation's spelling, e.g. <c>Spec.Parameters</c>).</summary>
    public abstract IEnumerable<ValidationFailure> Validate(string parentPath);

    public abstract IPolicy CreatePolicy(PolicyServices services);
}

internal sealed class BoundParameters<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(PolicyDescriptor<TParameters> descriptor, TParameters value) : BoundParameters
    where TParameters : class, new()
{
    public TParameters Value { get; } = value;

    public override IEnumerable<ValidationFailure> Validate(string parentPath) =>
        descriptor.Validator.Validate(Value).Errors
            .Select(f => new ValidationFailure($"{parentPath}.{f.PropertyName}", f.ErrorMessage));

    public override IPolicy CreatePolicy(PolicyServices services) => descriptor.Create(Value, services);
}

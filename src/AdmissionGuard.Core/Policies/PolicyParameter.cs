namespace AdmissionGuard.Core.Policies;

/// <summary>
/// One parameter of a policy as a policy file spells it (<c>spec.parameters.&lt;Name&gt;</c>), with
/// its default as the docs' parameter tables write it: <c>true</c>, <c>checksum/</c>,
/// <c>[a, b]</c>, <c>[]</c>, or <c>none</c> for an optional value without a default; the default
/// itself (<see cref="DefaultValue"/>: null, bool, number, string or list of strings, as the
/// parameters record holds it); and the <see cref="ParameterAttribute"/> of its property (its
/// meaning and the rules on its value).
/// </summary>
internal sealed record PolicyParameter(string Name, Type Type, string Default, object? DefaultValue, ParameterAttribute Doc);

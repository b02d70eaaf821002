using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace AdmissionGuard.Core.Configuration;

/// <summary>
/// Binds <c>spec.parameters</c> onto a policy's parameter record. The record's property names in
/// camelCase are the parameter names; a parameter the file leaves out (or sets to null) keeps the
/// record's default. Every unknown name and every value of the wrong type is reported, not just
/// the first, which is why this is not YamlDotNet's deserializer (it stops at the first error).
/// Runs at load time only.
/// </summary>
internal static class ParameterBinder
{
    /// <summary>Sets the parameters <paramref name="node"/> gives on <paramref name="parameters"/> (a record holding the defaults) and returns it.</summary>
    public static TParameters Bind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(TParameters parameters, YamlNode? node, string path, YamlValueReader reader)
        where TParameters : class
    {
        if (node is null)
        {
            return parameters;
        }

        var fields = Properties(typeof(TParameters))
            .Select(p => (Name: p.Name, Read: (Action<YamlNode, string>)((value, fieldPath) => Set(parameters, p.Property, value, fieldPath, reader))))
            .ToArray();
        reader.ReadMapping(node, path, fields);
        return parameters;
    }

    /// <summary>The parameters of a record holding the defaults, each default written as the docs write it, with its <see cref="ParameterAttribute"/>.</summary>
    public static IReadOnlyList<PolicyParameter> Describe<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(TParameters defaults)
        where TParameters : class =>
        Properties(typeof(TParameters))
            .Select(p => (p.Name, p.Property, Value: p.Property.GetValue(defaults)))
            .Select(p => new PolicyParameter(p.Name, p.Property.PropertyType, DefaultText(p.Value), p.Value, Doc(p.Property)))
            .ToArray();

    private static ParameterAttribute Doc(PropertyInfo property) =>
        property.GetCustomAttribute<ParameterAttribute>()
        ?? throw new InvalidOperationException($"parameter {property.DeclaringType?.Name}.{property.Name} has no [Parameter] saying what it means");

    /// <summary>The parameter names of a record and the properties they set, in declaration order.</summary>
    public static IReadOnlyList<(string Name, PropertyInfo Property)> Properties([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type parametersType) =>
        parametersType
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p))
            .ToArray();

    /// <summary>True when every parameter of the record has a type this binder reads.</summary>
    public static bool Supports(Type propertyType) =>
        propertyType == typeof(string) || propertyType == typeof(bool) || propertyType == typeof(bool?)
        || propertyType == typeof(long) || propertyType == typeof(long?) || propertyType == typeof(int) || propertyType == typeof(int?)
        || propertyType == typeof(List<string>);

    private static void Set(object parameters, PropertyInfo property, YamlNode value, string path, YamlValueReader reader)
    {
        var type = property.PropertyType;
        object? bound = Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) switch
        {
            TypeCode.String => reader.ReadString(value, path),
            TypeCode.Boolean => reader.ReadBool(value, path),
            TypeCode.Int64 => reader.ReadInteger(value, path),
            TypeCode.Int32 => ToInt32(reader.ReadInteger(value, path), value, path, reader),
            _ when type == typeof(List<string>) => reader.ReadStringList(value, path),
            _ => throw new NotSupportedException($"parameter {property.DeclaringType?.Name}.{property.Name} has the unsupported type {type.Name}"),
        };

        // Null means "not given" (a YAML null or a value of the wrong type, already reported): keep the default.
        if (bound is not null)
        {
            property.SetValue(parameters, bound);
        }
    }

    private static string DefaultText(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        IEnumerable<string> list => $"[{string.Join(", ", list)}]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "none",
    };

    private static int? ToInt32(long? value, YamlNode node, string path, YamlValueReader reader)
    {
        if (value is null)
        {
            return null;
        }

        if (value is < int.MinValue or > int.MaxValue)
        {
            reader.Error(path, node, "the number is too large");
            return null;
        }

        return (int)value.Value;
    }
}

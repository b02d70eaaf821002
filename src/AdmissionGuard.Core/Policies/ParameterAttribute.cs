namespace AdmissionGuard.Core.Policies;

/// <summary>
/// What is known of one parameter beyond its name, type and default (which the record's property
/// gives): its meaning and the rules on its value. <c>make generate</c> writes the docs' parameter
/// tables, the chart's values comments and its values schema from it; every property of a
/// parameter record carries one.
/// </summary>
/// <param name="meaning">What the parameter does, in Markdown, as the docs' parameter tables show it.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
internal sealed class ParameterAttribute(string meaning) : Attribute
{
    /// <summary>What the parameter does, in Markdown (one table cell: no line breaks).</summary>
    public string Meaning { get; } = meaning;

    /// <summary>The loader's rule on the value (its validator's, in words) for docs/policies-files.md; empty when the type is the only rule.</summary>
    public string Rule { get; init; } = string.Empty;

    /// <summary>The type as docs/policies-files.md names it, when not the one of the property's type (<c>regular expression</c> for a string).</summary>
    public string? TypeName { get; init; }

    /// <summary>The chart schema's <c>minLength</c> of a string (0: none).</summary>
    public int MinLength { get; init; }

    /// <summary>The chart schema's <c>maxLength</c> of a string, or of each item of a list (0: none).</summary>
    public int MaxLength { get; init; }

    /// <summary>The chart schema's <c>pattern</c> of a string, or of each item of a list.</summary>
    public string? Pattern { get; init; }

    /// <summary>The values a string may take (the chart schema's <c>enum</c>); empty: any.</summary>
    public string[] Values { get; init; } = [];

    /// <summary>The smallest value of a number (the chart schema's <c>minimum</c>); 0: no bound.</summary>
    public long Minimum { get; init; }
}

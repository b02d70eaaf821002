namespace AdmissionGuard.Core.Admission;

/// <summary>
/// The object under review cannot be read as its kind: a field has the wrong type (labels that
/// are a string, a list holding null, containers that are not a list), or the object is not
/// JSON. The one exception type that means "unreadable object"; the engine turns it into the
/// <c>Unreadable</c> decision, naming the field. Anything else a policy throws is a bug in the
/// policy and propagates. The reason names types and fields, never a value.
/// </summary>
internal sealed class UnreadableObjectException : Exception
{
    private UnreadableObjectException(string reason, string? path, JsonElement element)
        : base(reason)
    {
        Reason = reason;
        Path = path;
        Element = element;
    }

    /// <summary>What is wrong, e.g. <c>is String, not Array</c>.</summary>
    public string Reason { get; }

    /// <summary>The field's path when the thrower knows it (typed views); otherwise null and <see cref="Element"/> is set.</summary>
    public string? Path { get; }

    /// <summary>The offending element, to locate in the object (<see cref="JsonElementPath"/>); default when <see cref="Path"/> is set.</summary>
    public JsonElement Element { get; }

    /// <summary>The field <paramref name="element"/> is wrong; its path is found in the object when the engine reports it.</summary>
    public static UnreadableObjectException At(JsonElement element, string reason) => new(reason, null, element);

    /// <summary>The field at <paramref name="path"/> (dotted, e.g. <c>metadata.labels</c>) is wrong.</summary>
    public static UnreadableObjectException AtPath(string path, string reason) => new(reason, path, default);
}

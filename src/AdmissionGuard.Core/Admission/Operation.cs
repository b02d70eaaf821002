namespace AdmissionGuard.Core.Admission;

/// <summary>The operation an admission request asks for.</summary>
internal enum Operation
{
    Create,
    Update,
    Delete,
    Connect,
}

/// <summary>The operations as <c>request.operation</c> spells them: <c>CREATE</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>CONNECT</c>.</summary>
internal static class OperationNames
{
    private static readonly string[] Names = ["CREATE", "UPDATE", "DELETE", "CONNECT"];

    /// <summary>The names as UTF-8, indexed by <see cref="Operation"/>, for the review reader to compare without decoding.</summary>
    internal static readonly byte[][] Utf8 = Names.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>"CREATE, UPDATE, DELETE or CONNECT", for messages.</summary>
    public static string Listed { get; } = string.Join(", ", Names[..^1]) + " or " + Names[^1];

    public static string ToWire(this Operation operation) => Names[(int)operation];
}

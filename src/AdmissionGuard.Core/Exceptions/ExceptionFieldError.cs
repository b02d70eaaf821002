namespace AdmissionGuard.Core.Exceptions;

/// <summary>What is wrong with one field of a PolicyException: <c>spec.reason: required ...</c>.</summary>
internal sealed record ExceptionFieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

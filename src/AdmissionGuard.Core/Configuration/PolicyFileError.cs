namespace AdmissionGuard.Core.Configuration;

/// <summary>One error in a policy file: which file, which line, which field, what is wrong.</summary>
internal sealed record PolicyFileError(string File, int Line, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Field}: {Message}";
}

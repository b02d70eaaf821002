namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>What a finished process printed and returned.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() =>
        $"exit code {ExitCode}\n--- stderr ---\n{StandardError}\n--- stdout (first 2000 chars) ---\n{StandardOutput[..Math.Min(2000, StandardOutput.Length)]}";
}

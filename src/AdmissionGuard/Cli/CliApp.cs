namespace AdmissionGuard.Cli;

/// <summary>The <c>check</c> and <c>post-render</c> commands (not implemented yet).</summary>
internal static class CliApp
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine($"admission-guard {args[0]}: not implemented");
        return 2;
    }
}
